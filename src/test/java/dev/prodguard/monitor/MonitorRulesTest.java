package dev.prodguard.monitor;

import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertPolicy;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.InMemoryAlertStore;
import dev.prodguard.alert.Notification;
import dev.prodguard.alert.Notification.Kind;
import dev.prodguard.alert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each monitoring rule raising and resolving on an injected clock, and flapping metrics not spamming. */
class MonitorRulesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<Notification> sent = new ArrayList<>();
    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private final AlertManager alerts = new AlertManager(clock, store, AlertPolicy.DEFAULT, sent::add);

    private MonitorRules rules() {
        return new MonitorRules(MonitorSettings.DEFAULTS, alerts, clock.instant());
    }

    private List<Kind> kinds() {
        return sent.stream().map(Notification::kind).toList();
    }

    private void connections(MonitorRules r, double share) {
        Instant now = clock.instant();
        r.evaluate(now, List.of(Sample.of("connections.current", now, Math.round(share * 500)),
                Sample.of("connections.limit", now, 500), Sample.of("connections.share", now, share)), List.of(), List.of());
        clock.advance(Duration.ofMinutes(1));
    }

    private void slow(MonitorRules r, long maxMs) {
        Instant now = clock.instant();
        List<SlowOperation> ops = maxMs == 0 ? List.of()
                : List.of(new SlowOperation("query", "coinhubx_production.transactions", maxMs, "currentOp"));
        r.evaluate(now, List.of(Sample.of("slowops.count", now, ops.size()), Sample.of("slowops.max_ms", now, maxMs)),
                ops, List.of());
        clock.advance(Duration.ofMinutes(1));
    }

    private void storage(MonitorRules r, double share) {
        Instant now = clock.instant();
        long quota = MonitorSettings.M0_QUOTA_BYTES;
        r.evaluate(now, List.of(Sample.of("storage.used_bytes", now, share * quota),
                Sample.of("storage.quota_bytes", now, quota), Sample.of("storage.quota_share", now, share)),
                List.of(), List.of());
        clock.advance(Duration.ofMinutes(1));
    }

    @Test
    void connectionsRaiseAtEightyPercentAndClearOnlyBelowSeventyFive() {
        MonitorRules r = rules();
        connections(r, 0.50);
        assertThat(sent).isEmpty();
        connections(r, 0.82);
        assertThat(kinds()).containsExactly(Kind.OPENED);
        Alert a = sent.get(0).alert();
        assertThat(a.key()).isEqualTo(MonitorRules.CONNECTIONS);
        assertThat(a.title()).isEqualTo("Connections at 410 of 500 (82 %)");
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        connections(r, 0.96);
        assertThat(alerts.active().get(0).severity()).isEqualTo(Severity.CRITICAL); // refreshed, not re-notified
        connections(r, 0.78); // under 80 but inside the dead band
        assertThat(kinds()).containsExactly(Kind.OPENED);
        connections(r, 0.74);
        assertThat(kinds()).containsExactly(Kind.OPENED, Kind.RESOLVED);
        assertThat(alerts.active()).isEmpty();
    }

    @Test
    void aMetricHoveringAtTheThresholdNotifiesOnce() {
        MonitorRules r = rules();
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) { // 200 minutes between 77 % and 83 %
            connections(r, 0.77 + random.nextDouble() * 0.06);
        }
        assertThat(kinds()).containsExactly(Kind.OPENED);
        alerts.tick();
        assertThat(kinds()).containsExactly(Kind.OPENED);
    }

    @Test
    void aMetricSwingingThroughTheDeadBandCostsAtMostFourNotifications() {
        MonitorRules r = rules();
        for (int i = 0; i < 60; i++) { // 70 % / 90 % every other minute for an hour
            connections(r, i % 2 == 0 ? 0.90 : 0.70);
            alerts.tick();
        }
        connections(r, 0.50); // it settles
        assertThat(kinds()).containsExactly(Kind.OPENED, Kind.RESOLVED, Kind.FLAPPING);
        clock.advance(Duration.ofMinutes(15));
        alerts.tick();
        assertThat(kinds()).containsExactly(Kind.OPENED, Kind.RESOLVED, Kind.FLAPPING, Kind.RESOLVED);
    }

    @Test
    void slowOperationsRaiseAtTheThresholdAndResolveAfterThreeCleanSamples() {
        MonitorRules r = rules();
        slow(r, 99);
        assertThat(sent).isEmpty();
        slow(r, 250);
        assertThat(kinds()).containsExactly(Kind.OPENED);
        assertThat(sent.get(0).alert().title()).isEqualTo("Operations slower than 100 ms (slowest 250 ms)");
        assertThat(sent.get(0).alert().details().get("operations"))
                .isEqualTo(List.of("query coinhubx_production.transactions 250 ms"));
        // an intermittent slow query keeps one alert open
        for (int i = 0; i < 10; i++) {
            slow(r, i % 2 == 0 ? 0 : 180);
        }
        assertThat(kinds()).containsExactly(Kind.OPENED);
        slow(r, 0);
        slow(r, 0);
        assertThat(kinds()).containsExactly(Kind.OPENED);
        slow(r, 0);
        assertThat(kinds()).containsExactly(Kind.OPENED, Kind.RESOLVED);
    }

    @Test
    void storageRaisesAtEightyPercentOfTheQuotaAndResolvesBelowSeventyFive() {
        MonitorRules r = rules();
        storage(r, 0.79);
        assertThat(sent).isEmpty();
        storage(r, 0.82);
        assertThat(kinds()).containsExactly(Kind.OPENED);
        assertThat(sent.get(0).alert().title()).isEqualTo("Storage at 419.8 MB of the 512 MB quota (82 %)");
        storage(r, 0.76);
        storage(r, 0.80);
        assertThat(kinds()).containsExactly(Kind.OPENED);
        storage(r, 0.70);
        assertThat(kinds()).containsExactly(Kind.OPENED, Kind.RESOLVED);
    }

    @Test
    void anElectionRaisesAndResolvesAfterThirtyQuietMinutes() {
        MonitorRules r = rules();
        PrimaryChange change = new PrimaryChange(clock.instant(), "db0:27017", "db1:27017", "topology events");
        r.evaluate(clock.instant(), List.of(), List.of(), List.of(change));
        assertThat(kinds()).containsExactly(Kind.OPENED);
        assertThat(sent.get(0).alert().title()).isEqualTo("Replica-set election: primary changed db0:27017 -> db1:27017");
        clock.advance(Duration.ofMinutes(20));
        PrimaryChange back = new PrimaryChange(clock.instant(), "db1:27017", "db0:27017", "topology events");
        r.evaluate(clock.instant(), List.of(), List.of(), List.of(back)); // a second election restarts the quiet period
        assertThat(kinds()).containsExactly(Kind.OPENED);
        clock.advance(Duration.ofMinutes(29));
        r.evaluate(clock.instant(), List.of(), List.of(), List.of());
        assertThat(kinds()).containsExactly(Kind.OPENED);
        clock.advance(Duration.ofMinutes(1));
        r.evaluate(clock.instant(), List.of(), List.of(), List.of());
        assertThat(kinds()).containsExactly(Kind.OPENED, Kind.RESOLVED);
        assertThat(alerts.history(5).get(0).details().get("primary now")).isEqualTo("db0:27017");
    }

    @Test
    void alertsLeftOpenByAnEarlierRunAreResolvedByTheNewOne() {
        alerts.raise(AlertSpec.of(MonitorRules.CONNECTIONS, "connections-high", Severity.WARNING, "Connections at 450"));
        alerts.raise(AlertSpec.of(MonitorRules.ELECTION, "election", Severity.WARNING, "election"));
        sent.clear();
        MonitorRules r = rules(); // a guardian restart: the alerts are still open in the store
        connections(r, 0.10);
        assertThat(kinds()).containsExactly(Kind.RESOLVED);
        clock.advance(Duration.ofMinutes(30));
        r.evaluate(clock.instant(), List.of(), List.of(), List.of());
        assertThat(kinds()).containsExactly(Kind.RESOLVED, Kind.RESOLVED);
        assertThat(alerts.active()).isEmpty();
    }

    @Test
    void withoutASourceNoRuleFires() {
        MonitorRules r = rules();
        for (int i = 0; i < 10; i++) {
            r.evaluate(clock.instant(), List.of(Sample.of("connections.current", clock.instant(), 499)), List.of(),
                    List.of());
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(sent).isEmpty();
    }
}
