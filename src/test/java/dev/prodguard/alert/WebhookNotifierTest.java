package dev.prodguard.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.config.Secrets;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook delivery over real HTTP to a receiver on 127.0.0.1. */
class WebhookNotifierTest {
    private static final String SLACK_PATH = "/services/T0ABC123/B0DEF456/xoxTokenSecret42";
    private static final Instant BEFORE = Instant.parse("2026-11-25T10:41:59Z");

    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        Secrets.clearForTests();
    }

    private static Notification wipe() {
        return new Notification(Notification.Kind.OPENED,
                Alert.open(TestWipes.dropped("coinhubx_production", List.of("wallets", "users"), BEFORE), BEFORE.plusSeconds(1)));
    }

    @Test
    void genericWebhookGetsTheAlertAsJson() throws Exception {
        WebhookNotifier w = new WebhookNotifier(receiver.url("/prodguard/hook-token-77"));
        assertThat(w.slack()).isFalse();
        w.send(wipe());

        assertThat(receiver.requests()).hasSize(1);
        WebhookReceiver.Request r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/prodguard/hook-token-77");
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertThat(json.get("source").asText()).isEqualTo("prodguard");
        assertThat(json.get("event").asText()).isEqualTo("opened");
        assertThat(json.get("summary").asText()).startsWith("[prodguard] CRITICAL: Wipe detected");
        assertThat(json.get("text").asText()).contains("dropped collections: wallets, users")
                .contains("restore point just before: 2026-11-25T10:41:59Z");
        JsonNode alert = json.get("alert");
        assertThat(alert.get("key").asText()).isEqualTo("wipe:coinhubx_production:20261125T104200Z.1");
        assertThat(alert.get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("details").get("dropped collections").get(1).asText()).isEqualTo("users");
        assertThat(alert.get("details").get("restore command").asText())
                .isEqualTo("DB_NAME=coinhubx_production PRODGUARD_REPO=/srv/prodguard/repo prodguard restore --to"
                        + " wipe:20261125T104200Z.1");
    }

    @Test
    void slackShapedHookGetsOnlyText() throws Exception {
        WebhookNotifier w = new WebhookNotifier(receiver.url(SLACK_PATH));
        assertThat(w.slack()).isTrue();
        assertThat(w.name()).isEqualTo("webhook (Slack)");
        w.send(wipe());

        JsonNode json = new ObjectMapper().readTree(receiver.requests().get(0).body());
        assertThat(json.size()).isEqualTo(1);
        assertThat(json.get("text").asText()).startsWith("*[prodguard] CRITICAL: Wipe detected")
                .contains("• dropped collections: wallets, users");
    }

    @Test
    void slackDetection() {
        assertThat(WebhookNotifier.isSlackHook(URI.create("https://hooks.slack.com/services/T000/B000/XXXX"))).isTrue();
        assertThat(WebhookNotifier.isSlackHook(URI.create("https://HOOKS.SLACK.COM/workflows/abc"))).isTrue();
        assertThat(WebhookNotifier.isSlackHook(URI.create("http://127.0.0.1:8080" + SLACK_PATH))).isTrue();
        assertThat(WebhookNotifier.isSlackHook(URI.create("https://hooks.slack.com.evil.example/services/x"))).isFalse();
        assertThat(WebhookNotifier.isSlackHook(URI.create("https://alerts.example.com/hooks/slack"))).isFalse();
        assertThat(WebhookNotifier.isSlackHook(URI.create("https://discord.com/api/webhooks/1/abc"))).isFalse();
    }

    @Test
    void serverErrorIsAFailureThatNamesTheStatusButNotTheToken() {
        receiver.answer(500);
        WebhookNotifier w = new WebhookNotifier(receiver.url(SLACK_PATH));
        assertThatThrownBy(() -> w.send(wipe())).isInstanceOf(NotifierException.class)
                .hasMessageContaining("HTTP 500").hasMessageNotContaining("xoxTokenSecret42");
    }

    @Test
    void closedPortIsAFailureWithoutTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/hook/secret-path-token";
        WebhookNotifier w = new WebhookNotifier(url, Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThatThrownBy(() -> w.send(wipe())).isInstanceOf(NotifierException.class)
                .hasMessageContaining("cannot reach webhook http://127.0.0.1:" + port)
                .hasMessageNotContaining("secret-path-token");
    }

    @Test
    void badUrlIsAConfigError() {
        assertThatThrownBy(() -> new WebhookNotifier("ftp://example.com/x"))
                .hasMessageContaining("PRODGUARD_WEBHOOK_URL must be an http:// or https:// URL");
    }
}
