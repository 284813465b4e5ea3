package dev.prodguard.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.SettingsLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guardian's wiring with a real executor: a raise reaches the webhook on another thread, history lands in SQLite. */
class AlertingTest {
    @TempDir
    Path work;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
        Secrets.clearForTests();
    }

    @Test
    void aWipeReachesTheWebhookAndTheHistory() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            var settings = new SettingsLoader(Map.of("PRODGUARD_WEBHOOK_URL", receiver.url("/hook/abc123token"),
                    "PRODGUARD_STATE_DIR", work.resolve("state").toString()), work, work.resolve("home")).load();
            try (Alerting alerting = Alerting.start(settings, Clock.systemUTC(), executor)) {
                alerting.manager().raise(TestWipes.dropped("coinhubx_production", List.of("wallets"),
                        Instant.parse("2026-11-25T10:41:59Z")));
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
                var json = new ObjectMapper().readTree(receiver.requests().get(0).body());
                assertThat(json.get("alert").get("details").get("dropped collections").get(0).asText())
                        .isEqualTo("wallets");
                assertThat(alerting.channels().notifiers()).hasSize(1);
            }
            assertThat(work.resolve("state").resolve("alerts.db")).exists();
            try (SqliteAlertStore store = SqliteAlertStore.open(work.resolve("state"))) {
                assertThat(store.history(10)).singleElement()
                        .satisfies(a -> assertThat(a.notifications()).isEqualTo(1));
            }
        }
    }
}
