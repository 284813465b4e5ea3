package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.Subprocess;
import dev.prodguard.testing.TestMongo;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MONGO_URL password never appears in anything gate prints, with or without --verbose. */
class GateSecretsTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    /** Recognisable passwords: a strong one, a weak one (password rules fire), one needing percent-encoding. */
    private static final List<String> PASSWORDS = List.of("Quokka-Zebra-7741!Xylo", "gatepwweak", "Gate/Pw:Plum@4471");

    private static String url(String password, String hostPort) {
        return "mongodb://app:" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@" + hostPort + "/";
    }

    private static void assertNoSecret(String output, String password) {
        assertThat(output)
                .doesNotContain(password)
                .doesNotContain(URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest(name = "[{index}] password #{0}, PRODUCTION={1}, args: {2}")
    @CsvSource(delimiter = '|', value = {
        "0 | true  | gate",
        "0 | true  | gate --verbose",
        "0 | true  | gate --json",
        "0 | true  | gate --mark production --verbose",
        "1 | true  | gate",
        "1 | true  | gate --verbose",
        "1 | true  | gate --json --verbose",
        "2 | true  | gate --verbose",
        "2 | false | gate --mark preview --verbose",
        "2 | false | --verbose gate --json",
    })
    void passwordNeverPrinted(int which, boolean production, String args) throws Exception {
        Assumptions.assumeTrue(mongo.isEmbedded(), "needs a server without authentication");
        String password = PASSWORDS.get(which);
        // the embedded server has no authentication: the driver's login fails, the error path runs
        for (String hostPort : List.of("127.0.0.1:" + mongo.embedded().port(), "127.0.0.1:" + closedPort())) {
            Map<String, String> env = new HashMap<>();
            env.put("MONGO_URL", url(password, hostPort));
            env.put("DB_NAME", TestMongo.uniqueDb("secrets"));
            env.put("PRODUCTION", String.valueOf(production));
            env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "500");
            CliRun run = CliRun.run(env, dir, args.split(" "));
            assertThat(run.exitCode).as(run.toString()).isEqualTo(4);
            assertThat(run.all()).contains("prodguard doctor");
            assertNoSecret(run.all(), password);
            if (args.contains("--verbose") && !args.contains("--json")) {
                assertThat(run.err).as("verbose shows the cause").contains("\tat ");
            }
        }
    }

    @Test
    void passwordNeverPrintedByARealProcessWithVerboseLogs() throws Exception {
        Assumptions.assumeTrue(mongo.isEmbedded(), "needs a server without authentication");
        String password = PASSWORDS.get(0);
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", url(password, "127.0.0.1:" + mongo.embedded().port()));
        env.put("DB_NAME", "coinhubx_production");
        env.put("PRODUCTION", "true");
        env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "1000");
        Subprocess.Result r = Subprocess.run(
                Subprocess.prodguard(env, dir, List.of("-Xmx128m"), "gate", "--verbose"), 60);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.out()).contains("FAIL tls-off: ");
        assertNoSecret(r.out() + r.err(), password);
    }
}
