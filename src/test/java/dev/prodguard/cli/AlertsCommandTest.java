package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.alert.TestWipes;
import dev.prodguard.alert.WipeAlert;
import dev.prodguard.config.Secrets;
import dev.prodguard.testing.CliRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code prodguard alerts test} and {@code alerts list} in-process, against GreenMail and a real HTTP receiver. */
class AlertsCommandTest {
    private static final String SMTP_PASSWORD = "Cli-Mail-Pw-31";
    private static final String HOOK_TOKEN = "xoxCliHookToken5";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
        ServerSetupTest.SMTP})).withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", SMTP_PASSWORD));

    @TempDir
    Path work;

    private HttpServer http;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
        Secrets.clearForTests();
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/services/T0CLI000/B0CLI000/" + HOOK_TOKEN;
    }

    private String smtpUrl() {
        return "smtp://mailer:" + SMTP_PASSWORD + "@127.0.0.1:" + MAIL.getSmtp().getPort() + "?from=prodguard@coinhubx.io";
    }

    @Test
    void everyConfiguredChannelGetsATestNotification() throws Exception {
        CliRun r = CliRun.run(Map.of("PRODGUARD_WEBHOOK_URL", hookUrl(), "PRODGUARD_SMTP_URL", smtpUrl(),
                "PRODGUARD_ALERT_EMAIL", "ops@coinhubx.io"), work, "alerts", "test");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).containsPattern("✓ webhook \\(Slack\\) \\(\\d+ ms\\)")
                .containsPattern("✓ email to ops@coinhubx.io \\(\\d+ ms\\)")
                .contains("all 2 alert channels delivered the test notification");
        assertThat(bodies).hasSize(1);
        assertThat(new ObjectMapper().readTree(bodies.get(0)).get("text").asText())
                .startsWith("*[prodguard] Test: Test notification from prodguard*");
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("[prodguard] Test: Test notification from prodguard");
        assertThat(r.all()).doesNotContain(HOOK_TOKEN).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void aDeadWebhookFailsWithACrossAndExit1WhileEmailStillWorks() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + port + "/hooks/" + HOOK_TOKEN;
        CliRun r = CliRun.run(Map.of("PRODGUARD_WEBHOOK_URL", dead, "PRODGUARD_SMTP_URL", smtpUrl(),
                "PRODGUARD_ALERT_EMAIL", "ops@coinhubx.io"), work, "alerts", "test");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.out).contains("✗ webhook http://127.0.0.1:" + port + ": cannot reach webhook")
                .containsPattern("✓ email to ops@coinhubx.io")
                .contains("1 of 2 alert channels failed");
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(r.all()).doesNotContain(HOOK_TOKEN).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void aWrongSmtpPasswordIsACrossWithoutThePassword() {
        String bad = "smtp://mailer:Not-The-Pw-88@127.0.0.1:" + MAIL.getSmtp().getPort();
        CliRun r = CliRun.run(Map.of("PRODGUARD_SMTP_URL", bad, "PRODGUARD_ALERT_EMAIL", "ops@coinhubx.io"),
                work, "alerts", "test");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.out).contains("✗ email to ops@coinhubx.io: cannot send").contains("535");
        assertThat(r.all()).doesNotContain("Not-The-Pw-88");
    }

    @Test
    void noChannelIsAConfigErrorThatSaysWhatToSet() {
        CliRun r = CliRun.run(Map.of(), work, "alerts", "test");
        assertThat(r.exitCode).isEqualTo(3);
        assertThat(r.err).contains("no alert channel is configured; set PRODGUARD_WEBHOOK_URL");
    }

    @Test
    void emailWithoutRecipientsIsAConfigError() {
        CliRun r = CliRun.run(Map.of("PRODGUARD_SMTP_URL", smtpUrl()), work, "alerts", "test");
        assertThat(r.exitCode).isEqualTo(3);
        assertThat(r.err).contains("PRODGUARD_ALERT_EMAIL is not").doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void listShowsTheHistoryFromTheStateDirectory() throws Exception {
        Path state = work.resolve("state");
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:42:00Z"), ZoneOffset.UTC);
        try (SqliteAlertStore store = SqliteAlertStore.open(state)) {
            AlertManager m = new AlertManager(clock, store, AlertPolicy.DEFAULT, n -> { });
            m.raise(TestWipes.dropped("coinhubx_production", List.of("wallets", "users"),
                    Instant.parse("2026-11-25T10:41:59Z")));
            m.raise(AlertSpec.of("storage:cluster0", "storage-high", Severity.WARNING, "Storage at 85% of 512 MB"));
            m.resolve("storage:cluster0");
        }
        Map<String, String> env = Map.of("PRODGUARD_STATE_DIR", state.toString());

        CliRun text = CliRun.run(env, work, "alerts", "list");
        assertThat(text.exitCode).as(text.toString()).isZero();
        assertThat(text.out.lines().toList()).hasSize(2);
        assertThat(text.out).contains("open      critical 2026-11-25T10:42:00Z  Wipe detected: 2 collections of"
                + " coinhubx_production were dropped")
                .contains("resolved  warning  2026-11-25T10:42:00Z  Storage at 85% of 512 MB  (resolved");

        CliRun json = CliRun.run(env, work, "alerts", "list", "--json");
        assertThat(json.exitCode).isZero();
        JsonNode rows = new ObjectMapper().readTree(json.out);
        assertThat(rows).hasSize(2);
        JsonNode wipe = rows.get(1);
        assertThat(wipe.get("key").asText()).isEqualTo("wipe:coinhubx_production:20261125T104200Z.1");
        assertThat(wipe.get("details").get("restore point just before").asText()).isEqualTo("2026-11-25T10:41:59Z");
        assertThat(wipe.get("state").asText()).isEqualTo("open");
    }

    @Test
    void listWithoutHistorySaysSo() {
        CliRun r = CliRun.run(Map.of("PRODGUARD_STATE_DIR", work.resolve("none").toString()), work, "alerts", "list");
        assertThat(r.exitCode).isZero();
        assertThat(r.out).startsWith("no alerts recorded");
        assertThat(work.resolve("none")).doesNotExist(); // listing never creates state
    }
}
