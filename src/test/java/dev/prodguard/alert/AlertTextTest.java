package dev.prodguard.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What people read when the guardian sees a wipe: what was lost, the restore point before it, the command. */
class AlertTextTest {
    private static final Instant DROP = Instant.parse("2026-11-25T10:42:00Z");
    private static final Instant BEFORE = Instant.parse("2026-11-25T10:41:59Z");

    private static Notification wipe(Notification.Kind kind) {
        AlertSpec spec = TestWipes.dropped("coinhubx_production", List.of("users", "wallets", "transactions"), BEFORE);
        return new Notification(kind, Alert.open(spec, DROP));
    }

    @Test
    void wipeEmailNamesTheDroppedCollectionsTheRestorePointAndTheCommand() {
        Notification n = wipe(Notification.Kind.OPENED);
        assertThat(AlertText.subject(n))
                .isEqualTo("[prodguard] CRITICAL: Wipe detected: 3 collections of coinhubx_production were dropped");
        assertThat(AlertText.body(n)).isEqualTo("""
                Wipe detected: 3 collections of coinhubx_production were dropped.

                database: coinhubx_production
                dropped collections: users, wallets, transactions
                what happened: dropDatabase at 2026-11-25T10:42:00Z
                incident: wipe:20261125T104200Z.1
                restore point just before: 2026-11-25T10:41:59Z
                restore command: DB_NAME=coinhubx_production PRODGUARD_REPO=/srv/prodguard/repo prodguard restore --to wipe:20261125T104200Z.1
                restore in place: DB_NAME=coinhubx_production PRODGUARD_REPO=/srv/prodguard/repo prodguard restore --to wipe:20261125T104200Z.1 --target-db coinhubx_production --force
                what the commands do: the restore command restores into a new database and prints how to use it; 'restore in place' replaces coinhubx_production itself (a safety snapshot of it is taken first); both need MONGO_URL in the environment or .env, as the guardian has it

                alert wipe:coinhubx_production:20261125T104200Z.1 (rule wipe-detected, critical), opened 2026-11-25T10:42:00Z, now open
                """);
    }

    @Test
    void slackTextPutsTheCommandInACodeSpan() {
        String text = AlertText.slack(wipe(Notification.Kind.OPENED));
        assertThat(text).startsWith("*[prodguard] CRITICAL: Wipe detected:")
                .contains("• dropped collections: users, wallets, transactions\n")
                .contains("• restore point just before: 2026-11-25T10:41:59Z\n")
                .contains("• restore command: `DB_NAME=coinhubx_production PRODGUARD_REPO=/srv/prodguard/repo prodguard restore"
                        + " --to wipe:20261125T104200Z.1`\n");
    }

    @Test
    void oneDroppedCollectionIsNamedInTheTitleAndKey() {
        AlertSpec spec = TestWipes.dropped("coinhubx_production", List.of("wallets"), BEFORE);
        assertThat(spec.key()).as("one key per incident").isEqualTo("wipe:coinhubx_production:20261125T104200Z.1");
        assertThat(spec.title()).isEqualTo("Wipe detected: coinhubx_production.wallets was dropped");
    }

    @Test
    void withoutARestorePointTheAlertSaysSoAndOffersNoCommand() {
        AlertSpec spec = TestWipes.dropped("coinhubx_production", List.of("wallets"), null);
        assertThat(spec.details()).containsEntry("restore point just before",
                "none: no restorable point before the wipe").doesNotContainKey("restore command")
                .doesNotContainKey("restore in place");
    }

    @Test
    void eachKindHasItsOwnSubject() {
        assertThat(AlertText.subject(wipe(Notification.Kind.RESOLVED))).startsWith("[prodguard] Resolved: Wipe");
        assertThat(AlertText.subject(wipe(Notification.Kind.REMINDER))).startsWith("[prodguard] Still open: Wipe");
        assertThat(AlertText.subject(wipe(Notification.Kind.FLAPPING))).startsWith("[prodguard] Flapping: Wipe");
        assertThat(AlertText.body(wipe(Notification.Kind.FLAPPING))).contains("came back within the cool-down window");
    }
}
