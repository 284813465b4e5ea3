package dev.prodguard.checklist;

import static dev.prodguard.checklist.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.prodguard.config.Secrets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The alerts item sends a real test notification: to a JDK HttpServer webhook receiver and to GreenMail over SMTP. */
class AlertsItemTest {
    private static final String SMTP_PASSWORD = "Chk-Mail-Pw-5521";
    private static final String HOOK_TOKEN = "xoxCheckHookToken9";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
        ServerSetupTest.SMTP})).withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", SMTP_PASSWORD));

    @TempDir
    Path work;

    private HttpServer http;
    private volatile int status = 204;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(status, -1);
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
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/hooks/" + HOOK_TOKEN;
    }

    private CheckContext ctx(Map<String, String> alertEnv) {
        Map<String, String> env = new HashMap<>(alertEnv);
        env.put("MONGO_URL", "mongodb+srv://app:Alert-Item-Pw-71@cluster0.ab1cd.mongodb.net/");
        env.put("DB_NAME", "coinhubx_production");
        return Fixtures.context(env, work);
    }

    @Test
    void passesWhenTheWebhookAndEmailReceiveTheTestNotification() throws Exception {
        ItemResult r = run(new AlertsItem(), ctx(Map.of("PRODGUARD_WEBHOOK_URL", hookUrl(),
                "PRODGUARD_SMTP_URL", "smtp://mailer:" + SMTP_PASSWORD + "@127.0.0.1:" + MAIL.getSmtp().getPort(),
                "PRODGUARD_ALERT_EMAIL", "ops@coinhubx.io")));
        assertThat(r.status()).as(r.toString()).isEqualTo(ItemStatus.PASS);
        assertThat(r.detail()).contains("test notification sent through", "a real message");
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).contains("Test notification from prodguard");
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(r.notes()).hasSize(2).allSatisfy(n -> assertThat(n).contains("test notification sent"));
        assertThat(r.toString()).doesNotContain(HOOK_TOKEN).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void failsWhenNoChannelIsConfigured() throws Exception {
        ItemResult r = run(new AlertsItem(), ctx(Map.of()));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("no alert channel is configured");
        assertThat(r.remedy()).contains("PRODGUARD_WEBHOOK_URL", "prodguard alerts test");
    }

    @Test
    void failsWhenTheReceiverRejectsTheNotification() throws Exception {
        status = 500;
        ItemResult r = run(new AlertsItem(), ctx(Map.of("PRODGUARD_WEBHOOK_URL", hookUrl())));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("1 of 1 channel(s) failed", "500");
        assertThat(bodies).hasSize(1);
        assertThat(r.toString()).doesNotContain(HOOK_TOKEN);
    }

    @Test
    void failsWhenTheSmtpPasswordIsWrong() throws Exception {
        ItemResult r = run(new AlertsItem(), ctx(Map.of("PRODGUARD_SMTP_URL", "smtp://mailer:Wrong-Pw-Chk-31@127.0.0.1:"
                + MAIL.getSmtp().getPort(), "PRODGUARD_ALERT_EMAIL", "ops@coinhubx.io")));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("535");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
        assertThat(r.toString()).doesNotContain("Wrong-Pw-Chk-31");
    }

    @Test
    void aHalfConfiguredEmailChannelFailsWithTheSettingToAdd() throws Exception {
        ItemResult r = run(new AlertsItem(), ctx(Map.of("PRODGUARD_ALERT_EMAIL", "ops@coinhubx.io")));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("PRODGUARD_SMTP_URL is not");
    }
}
