package dev.prodguard.alert;

import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The alert lifecycle on an injected clock, against both stores: nobody sleeps, nobody is spammed. */
class AlertManagerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final AlertPolicy POLICY = new AlertPolicy(Duration.ofHours(4), Duration.ofMinutes(15));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<Notification> sent = new ArrayList<>();
    private final List<AlertStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(AlertStore::close);
    }

    static Stream<Arguments> stores() {
        Function<Path, AlertStore> memory = d -> new InMemoryAlertStore();
        Function<Path, AlertStore> sqlite = SqliteAlertStore::open;
        return Stream.of(Arguments.of("memory", memory), Arguments.of("sqlite", sqlite));
    }

    private AlertManager manager(Function<Path, AlertStore> storeFactory) {
        AlertStore store = storeFactory.apply(dir);
        opened.add(store);
        return new AlertManager(clock, store, POLICY, sent::add);
    }

    private static AlertSpec connections(int current) {
        return new AlertSpec("connections:cluster0", "connections-high", Severity.WARNING,
                "Connections at " + current + " of 500", Map.of("current", current, "limit", 500));
    }

    private List<Notification.Kind> kinds() {
        return sent.stream().map(Notification::kind).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void repeatedRaisesNotifyOnceThenRemindAfterTheInterval(String name, Function<Path, AlertStore> store) {
        AlertManager m = manager(store);
        for (int i = 0; i < 100; i++) {
            m.raise(connections(400 + i));
            clock.advance(Duration.ofMinutes(1)); // 100 minutes of a condition that holds
        }
        assertThat(kinds()).containsExactly(Notification.Kind.OPENED);
        Alert a = m.active().get(0);
        assertThat(a.raises()).isEqualTo(100);
        assertThat(a.title()).isEqualTo("Connections at 499 of 500"); // latest raise wins
        assertThat(a.details()).containsEntry("current", 499);

        clock.advance(Duration.ofHours(3));
        m.raise(connections(450)); // 4 h 40 after opening: one reminder
        m.raise(connections(451));
        assertThat(kinds()).containsExactly(Notification.Kind.OPENED, Notification.Kind.REMINDER);

        m.resolve("connections:cluster0");
        m.resolve("connections:cluster0"); // resolving twice is harmless
        assertThat(kinds()).containsExactly(Notification.Kind.OPENED, Notification.Kind.REMINDER,
                Notification.Kind.RESOLVED);
        assertThat(m.active()).isEmpty();
        assertThat(m.history(10)).hasSize(1).first().satisfies(h -> {
            assertThat(h.resolvedAt()).isEqualTo(clock.instant());
            assertThat(h.notifications()).isEqualTo(3);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void fiftyFlapsInTenMinutesCostAtMostFourNotifications(String name, Function<Path, AlertStore> store) {
        AlertManager m = manager(store);
        for (int i = 0; i < 50; i++) { // 50 open/resolve cycles, 12 s apart: 10 minutes
            m.raise(connections(480));
            clock.advance(Duration.ofSeconds(6));
            m.resolve("connections:cluster0");
            clock.advance(Duration.ofSeconds(6));
            m.tick(); // the guardian ticks all the time; nothing is due yet
        }
        // opened, resolved, flapping; the final "resolved" waits for a quiet cool-down window
        assertThat(kinds()).containsExactly(Notification.Kind.OPENED, Notification.Kind.RESOLVED,
                Notification.Kind.FLAPPING);
        assertThat(m.history(10)).hasSize(1).first().satisfies(a -> {
            assertThat(a.flaps()).isEqualTo(49);
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.pendingResolvedNotice()).isTrue();
        });

        clock.advance(Duration.ofMinutes(14));
        m.tick();
        assertThat(sent).hasSize(3); // 14 min + 6 s of quiet: still inside the 15-minute window
        clock.advance(Duration.ofMinutes(1));
        m.tick();
        m.tick();
        assertThat(kinds()).containsExactly(Notification.Kind.OPENED, Notification.Kind.RESOLVED,
                Notification.Kind.FLAPPING, Notification.Kind.RESOLVED);
        assertThat(sent.get(3).alert().flaps()).isEqualTo(49);

        // after a quiet window the same condition is news again
        clock.advance(Duration.ofMinutes(30));
        m.raise(connections(490));
        assertThat(sent).hasSize(5);
        assertThat(sent.get(4).kind()).isEqualTo(Notification.Kind.OPENED);
        assertThat(m.history(10)).hasSize(2);
    }

    @Test
    void aFlappingAlertGetsRemindersButNoNewOpenings() {
        AlertManager m = manager(d -> new InMemoryAlertStore());
        m.raise(connections(480));
        m.resolve("connections:cluster0");
        for (int i = 0; i < 5 * 60; i++) { // five hours of flapping, every minute
            m.raise(connections(480));
            clock.advance(Duration.ofSeconds(30));
            m.resolve("connections:cluster0");
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(kinds()).containsExactly(Notification.Kind.OPENED, Notification.Kind.RESOLVED,
                Notification.Kind.FLAPPING, Notification.Kind.REMINDER);
    }

    @Test
    void aQuietFlappingAlertThatComesBackWithoutATickIsClosedThenOpenedAfresh() {
        AlertManager m = manager(d -> new InMemoryAlertStore());
        m.raise(connections(480));
        m.resolve("connections:cluster0");
        m.raise(connections(480)); // flapping
        m.resolve("connections:cluster0"); // quiet, "resolved" pending
        clock.advance(Duration.ofMinutes(20)); // no tick ran (e.g. the guardian was stopped)
        m.raise(connections(481));
        assertThat(kinds()).containsExactly(Notification.Kind.OPENED, Notification.Kind.RESOLVED,
                Notification.Kind.FLAPPING, Notification.Kind.RESOLVED, Notification.Kind.OPENED);
        assertThat(m.tick()).isEmpty();
        assertThat(m.history(10)).hasSize(2);
    }

    @Test
    void tickRemindsAboutAnAlertNobodyRaisesAgain() {
        AlertManager m = manager(d -> new InMemoryAlertStore());
        m.raise(TestWipes.dropped("coinhubx_production", List.of("wallets"), T0.minusSeconds(1)));
        clock.advance(Duration.ofHours(3));
        assertThat(m.tick()).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(m.tick()).hasSize(1);
        assertThat(m.tick()).isEmpty();
        assertThat(kinds()).containsExactly(Notification.Kind.OPENED, Notification.Kind.REMINDER);
    }

    @Test
    void differentKeysAreDifferentAlerts() {
        AlertManager m = manager(d -> new InMemoryAlertStore());
        m.raise(TestWipes.dropped("coinhubx_production", List.of("wallets"), T0));
        m.raise(TestWipes.dropped("coinhubx_production", List.of("users"), T0.plusSeconds(5)));
        m.raise(TestWipes.dropped("coinhubx_production", List.of("users"), T0.plusSeconds(5)));
        assertThat(sent).as("the same incident raised twice notifies once").hasSize(2);
        assertThat(m.active()).extracting(Alert::key).hasSize(2).allMatch(k -> k.startsWith("wipe:coinhubx_production:"));
    }

    @Test
    void sqliteHistorySurvivesARestartAndAnOpenAlertIsNotNotifiedAgain() {
        AlertManager first = manager(SqliteAlertStore::open);
        first.raise(TestWipes.dropped("coinhubx_production", List.of("wallets", "transactions"),
                Instant.parse("2026-11-25T09:59:58Z")));
        opened.forEach(AlertStore::close);
        opened.clear();

        clock.advance(Duration.ofMinutes(5));
        AlertManager second = manager(SqliteAlertStore::open); // the guardian restarted
        second.raise(TestWipes.dropped("coinhubx_production", List.of("wallets", "transactions"),
                Instant.parse("2026-11-25T09:59:58Z")));
        assertThat(sent).hasSize(1);
        Alert a = second.active().get(0);
        assertThat(a.raises()).isEqualTo(2);
        assertThat(a.openedAt()).isEqualTo(T0);
        assertThat(a.details().get("dropped collections")).isEqualTo(List.of("wallets", "transactions"));
        assertThat(a.details()).containsEntry("restore point just before", "2026-11-25T09:59:58Z");
        assertThat(dir.resolve("alerts.db")).exists();

        second.resolve(a.key());
        assertThat(second.history(5)).first().satisfies(h -> {
            assertThat(h.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(h.resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        });
    }
}
