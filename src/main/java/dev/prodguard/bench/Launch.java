package dev.prodguard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the harness starts prodguard as people do: the java command line the launcher runs (its JVM flags
 * and class-data archive, up to {@code -jar <jar>}), asked from the launcher itself
 * ({@code PRODGUARD_LAUNCHER_PRINT=1}), or why the whole-process part cannot run ({@code skipped}).
 */
record Launch(List<String> command, String skipped) {
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
        try {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString()).redirectErrorStream(true);
            pb.environment().put("PRODGUARD_LAUNCHER_PRINT", "1");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes(); // it makes the class-data archive first when it is stale
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return skip(launcher + " did not print its java command (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
            }
            command = new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return skip("cannot run " + launcher + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return skip("interrupted");
        }
        if (command.size() < 3 || !command.get(command.size() - 2).equals("-jar")) {
            return skip(launcher + " printed no java -jar command: " + command);
        }
        return new Launch(command, null);
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
