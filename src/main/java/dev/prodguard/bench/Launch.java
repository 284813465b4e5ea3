package dev.prodguard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the harness starts prodguard as people do: the java command line the launcher runs (its JVM flags
 * and class-data archive, up to {@code -jar <jar>}), asked from the launcher itself
 * ({@code PRODGUARD_LAUNCHER_PRINT=1}), or why the whole-process part cannot run ({@code skipped}). The
 * launcher may pass other flags for some first arguments ({@link #PRINTED_FOR}): {@code shortLived} holds its
 * line for each of them, {@code command} the one for everything else.
 */
record Launch(List<String> command, String skipped, Map<String, List<String>> shortLived) {
    /** The first arguments whose line the harness asks for on its own: the start-up commands it times. */
    static final List<String> PRINTED_FOR = List.of("--version", "--help");

    /** A launch with one command line for every command. */
    Launch(List<String> command, String skipped) {
        this(command, skipped, Map.of());
    }

    /** The command line the launcher runs for a command whose first argument is {@code first}. */
    List<String> command(String first) {
        return shortLived.getOrDefault(first, command);
    }

    /**
     * The launcher that started this process ({@code -Dprodguard.launcher}), else {@code ./prodguard} in
     * {@code workDir}; skipped when there is none, or its jar is missing or older than the compiled classes.
     */
    static Launch find(Path workDir) {
        String own = System.getProperty("prodguard.launcher");
        Path launcher = own != null ? Path.of(own) : workDir.resolve("prodguard");
        if (!Files.isExecutable(launcher)) {
            return skip("no launcher at " + launcher + "; run the benchmark from the project folder (./prodguard bench)");
        }
        Path built = launcher.toAbsolutePath().getParent().resolve("target").resolve("prodguard.jar"); // where the launcher keeps it
        if (!Files.isRegularFile(built)) {
            return skip("the shaded jar " + built + " is missing; build it with 'mvn -B -o -DskipTests package'");
        }
        String stale = olderThanClasses(built);
        if (stale != null) {
            return skip(stale);
        }
        List<String> command;
        Map<String, List<String>> shortLived = new LinkedHashMap<>();
        try {
            command = printed(launcher, null); // it makes the class-data archive first when it is stale
            for (String first : PRINTED_FOR) {
                shortLived.put(first, printed(launcher, first));
            }
        } catch (IOException e) {
            return skip(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return skip("interrupted");
        }
        return new Launch(command, null, Map.copyOf(shortLived));
    }

    /** The java command line the launcher prints for {@code first} (null: no argument). @throws IOException saying why not */
    private static List<String> printed(Path launcher, String first) throws IOException, InterruptedException {
        ProcessBuilder pb = (first == null ? new ProcessBuilder(launcher.toString()) : new ProcessBuilder(launcher.toString(), first))
                .redirectErrorStream(true);
        pb.environment().put("PRODGUARD_LAUNCHER_PRINT", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + launcher + ": " + e.getMessage());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(launcher + " did not print its java command (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
        }
        List<String> command = new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        if (command.size() < 3 || !command.get(command.size() - 2).equals("-jar")) {
            throw new IOException(launcher + " printed no java -jar command: " + command);
        }
        return command;
    }

    private static Launch skip(String why) {
        return new Launch(List.of(), why);
    }

    /** Whether the jar predates the classes compiled beside it (it would measure old code), and how. */
    private static String olderThanClasses(Path jar) {
        Path classes = jar.resolveSibling("classes");
        if (!Files.isDirectory(classes)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(classes)) {
            FileTime built = Files.getLastModifiedTime(jar);
            boolean newer = files.anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(built) > 0;
                } catch (IOException e) {
                    return false;
                }
            });
            return newer ? "the shaded jar " + jar + " is older than the compiled classes beside it; rebuild it with"
                    + " 'mvn -B -o -DskipTests package'" : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The jar the command runs. */
    Path jar() {
        return Path.of(command.get(command.size() - 1));
    }
}
