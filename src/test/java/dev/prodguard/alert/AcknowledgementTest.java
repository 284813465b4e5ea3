package dev.prodguard.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledging an alert (the dashboard's button) records who and when beside the alert, survives a restart of the
 * guardian (SQLite), and changes nothing the notifications read: the alert stays open and is still reminded.
 */
class AcknowledgementTest {
    @TempDir
    Path dir;

    @Test
    void anAcknowledgementIsKeptBesideTheAlertAndChangesNoNotification() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        List<Notification> sent = new java.util.ArrayList<>();
        long id;
        try (SqliteAlertStore store = SqliteAlertStore.open(dir)) {
            AlertManager alerts = new AlertManager(clock, store, AlertPolicy.DEFAULT, sent::add);
            id = alerts.raise(new AlertSpec("wipe:db:1", WipeAlert.RULE, Severity.CRITICAL, "Wipe detected", Map.of())).id();
            assertThat(alerts.acknowledge(id + 1000, "dashboard")).as("an unknown id").isFalse();
            clock.advance(Duration.ofMinutes(3));
            assertThat(alerts.acknowledge(id, "dashboard (token)")).isTrue();
            Acknowledgement ack = alerts.acknowledgements(alerts.active()).get(id);
            assertThat(ack.by()).isEqualTo("dashboard (token)");
            assertThat(ack.at()).isEqualTo(Instant.parse("2026-11-25T10:03:00Z"));
            assertThat(alerts.active()).extracting(Alert::id).containsExactly(id);
            int before = sent.size();
            clock.advance(AlertPolicy.DEFAULT.reminderInterval().plusMinutes(1));
            alerts.tick();
            assertThat(sent.size()).as("still reminded while open").isGreaterThan(before);
        }
        try (SqliteAlertStore reopened = SqliteAlertStore.open(dir)) {
            assertThat(reopened.acknowledgements(List.of(id))).containsKey(id);
            assertThat(reopened.acknowledgements(List.of())).isEmpty();
        }
    }
}
