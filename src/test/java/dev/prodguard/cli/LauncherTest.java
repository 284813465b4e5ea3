package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.testing.Subprocess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./prodguard} (issue 20 points 1 and 4), run as people run it, on a copy of the script
 * in a project folder holding a tiny jar (so nothing is built): the class-data archive is made once after a
 * build and again when the jar changes, an unusable archive never fails a command, and the JVM flags it
 * passes keep the JVM's own messages (the JIT's "Default case invoked for: opcode = ..." among them) off stdout.
 */
class LauncherTest {
    @TempDir
    Path project;

    private Path launcher;
    private Path jar;
    private Path archive;

    @BeforeEach
    void tinyProject() throws Exception {
        launcher = project.resolve("prodguard");
        Files.copy(Path.of("prodguard"), launcher);
        launcher.toFile().setExecutable(true);
        Files.createDirectories(project.resolve("target"));
        jar = project.resolve("target/prodguard.jar");
        archive = project.resolve("target/prodguard.jsa");
        writeHelloJar(jar);
    }

    @Test
    void theArchiveIsMadeOnceAfterABuildAndAgainWhenTheJarChanges() throws Exception {
        List<String> first = printed();
        assertThat(archive).exists();
        assertThat(first).contains("-XX:SharedArchiveFile=" + archive, "-XX:+DisplayVMOutputToStderr")
                .endsWith("-jar", jar.toString());
        FileTime made = Files.getLastModifiedTime(archive);
        assertThat(printed()).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(archive)).as("an archive newer than the jar is kept").isEqualTo(made);

        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 2000)); // a new build
        assertThat(printed()).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).as("remade after the build")
                .isGreaterThan(Files.getLastModifiedTime(jar).toMillis());

        Subprocess.Result run = Subprocess.run(launch(), 60);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("hello\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anUnusableArchiveNeverFailsACommand() throws Exception {
        Files.writeString(archive, "not an archive");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000));
        assertThat(printed()).contains("-XX:SharedArchiveFile=" + archive);
        Subprocess.Result run = Subprocess.run(launch(), 60);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("hello\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theJvmsOwnMessagesStayOffStdout() throws Exception {
        Files.writeString(archive, "not an archive"); // newer than the jar: no archive is made for this test
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000));
        List<String> flags = new ArrayList<>(printed());
        flags = flags.subList(1, flags.indexOf("-jar")); // between "java" and "-jar <jar>"
        flags.removeIf(f -> f.startsWith("-XX:SharedArchiveFile=")); // the tiny jar's archive; prodguard runs from classes here
        // the JIT prints through the same channel as the "Default case invoked for: opcode = 114" line of issue 20
        List<String> jit = new ArrayList<>(flags);
        jit.add("-XX:+PrintCompilation");
        Map<String, String> env = Map.of("MONGO_URL", "mongodb://127.0.0.1:" + closedPort() + "/", "DB_NAME", "shop",
                "PRODGUARD_CONNECT_TIMEOUT_MS", "300");
        Subprocess.Result launched = Subprocess.run(Subprocess.prodguard(env, project, jit, "gate", "--json"), 60);
        assertThat(launched.exitCode()).as(launched.err()).isEqualTo(4);
        assertThat(strict().readTree(launched.out()).get("exitCode").asInt()).as(launched.out()).isEqualTo(4);
        assertThat(launched.err()).contains("java.lang.String::"); // the JIT did print, on stderr

        Subprocess.Result bare = Subprocess.run(Subprocess.prodguard(env, project, List.of("-XX:+PrintCompilation"),
                "gate", "--json"), 60);
        assertThat(bare.out()).as("without the launcher's flags the JIT's lines reach stdout").contains("java.lang.String::");
    }

    @Test
    void helpAndTheVersionRunWithTheQuickCompilerOnlyAndEveryOtherCommandWithBoth() throws Exception {
        String quick = "-XX:TieredStopAtLevel=1";
        for (String first : List.of("--help", "-h", "--version", "-V", "help")) {
            List<String> line = printed(first);
            assertThat(line).as(first).contains(quick);
            assertThat(line.subList(line.size() - 2, line.size())).as("the arguments are left out").containsExactly("-jar",
                    jar.toString());
        }
        for (String first : List.of("backup", "restore", "run", "gate", "bench")) {
            assertThat(printed(first)).as(first).doesNotContain(quick);
        }
        assertThat(printed()).doesNotContain(quick);
        List<String> withQuick = new ArrayList<>(printed("--help"));
        withQuick.remove(quick);
        assertThat(withQuick).as("nothing else differs").isEqualTo(printed());
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The java command line the launcher would run for {@code args}, one argument a line. */
    private List<String> printed(String... args) throws Exception {
        ProcessBuilder pb = launch();
        pb.command().addAll(List.of(args));
        pb.environment().put("PRODGUARD_LAUNCHER_PRINT", "1");
        Subprocess.Result r = Subprocess.run(pb, 120);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().lines().toList();
    }

    private ProcessBuilder launch() {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString()).directory(project.toFile());
        pb.environment().remove("PRODGUARD_JAVA_OPTS");
        return pb;
    }

    static ObjectMapper strict() {
        return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A jar whose main prints "hello". */
    private static void writeHelloJar(Path jar) throws IOException {
        Path src = jar.resolveSibling("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Hello.java"), "public class Hello { public static void main(String[] a) {"
                + " System.out.println(\"hello\"); } }");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(), src.resolve("Hello.java").toString());
        assertThat(rc).isZero();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("Hello.class"));
            j.write(Files.readAllBytes(src.resolve("Hello.class")));
            j.closeEntry();
        }
    }
}
