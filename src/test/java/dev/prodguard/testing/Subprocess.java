package dev.prodguard.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs prodguard as a real JVM process (same classpath as the tests): for timing, signals and crashes. */
public final class Subprocess {
    private Subprocess() {}

    /** A builder for {@code java -cp <test classpath> dev.prodguard.Prodguard args...} with exactly {@code env}. */
    public static ProcessBuilder prodguard(Map<String, String> env, Path workDir, List<String> jvmArgs, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("dev.prodguard.Prodguard");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", workDir.resolve("home").toString());
        pb.environment().putAll(env);
        return pb;
    }

    /**
     * The compiled classes plus prodguard's runtime dependencies (written by the build to the file the
     * {@code pg.runtime.classpath} property names), without the test libraries: s3proxy's dependency tree alone is
     * more jars than a 32 MB heap can open. Without that file (an IDE run), the test classpath.
     */
    public static String classpath() {
        String file = System.getProperty("pg.runtime.classpath");
        String test = System.getProperty("java.class.path");
        if (file == null || !java.nio.file.Files.isRegularFile(Path.of(file))) {
            return test;
        }
        List<String> parts = new ArrayList<>();
        for (String entry : test.split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isDirectory(Path.of(entry))) {
                parts.add(entry); // target/classes and target/test-classes
            }
        }
        try {
            parts.add(java.nio.file.Files.readString(Path.of(file)).strip());
        } catch (IOException e) {
            return test;
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /** The result of a finished process. */
    public record Result(int exitCode, String out, String err, long millis) {}

    /** Runs to completion (or kills after {@code timeoutSeconds}) and captures output. */
    public static Result run(ProcessBuilder pb, int timeoutSeconds) throws IOException, InterruptedException {
        File out = File.createTempFile("pg-out", ".txt");
        File err = File.createTempFile("pg-err", ".txt");
        pb.redirectOutput(out).redirectError(err);
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String o = java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8);
        String e = java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8);
        out.delete();
        err.delete();
        return new Result(p.exitValue(), o, e, millis);
    }
}
