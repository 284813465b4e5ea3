package dev.prodguard.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import dev.prodguard.testing.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The undo path as people really take it after an incident (issue "Undo that holds in every realistic
 * sequence"): the real guardian, the embedded server over the wire, a real webhook receiver, the CLI with
 * the guardian's environment, and real restores compared document by document and index by index with
 * what the database held before the incident.
 */
class UndoScenarioTest {
    static final Duration ALERT_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    /**
     * Three wipes in a row; after each the person runs {@code doctor} (is the database still there?) and then
     * the alert's own command with {@code --target-db <db> --force}. Each restore must bring back exactly what
     * was there before that wipe, unique index included; afterwards {@code latest} is a real snapshot.
     */
    @Test
    void threeWipesEachFollowedByDoctorAndTheAlertsOwnCommand() throws Exception {
        try (IncidentLab lab = new IncidentLab(dir, Map.of())) {
            lab.seed();
            lab.startGuardian();
            for (int round = 1; round <= 3; round++) {
                // the exchange keeps working between incidents
                lab.db().getCollection("ledger").insertOne(new Document("_id", "round" + round).append("amount", round));
                lab.db().getCollection("wallets").updateOne(Filters.eq("_id", "w1BTC"), Updates.inc("n", round));
                Map<String, Object> before = lab.state(IncidentLab.DB);
                lab.awaitCovered(Instant.now());

                lab.db().drop(); // the wipe
                JsonNode alert = lab.awaitWipeAlert(round, ALERT_WITHIN);
                assertThat(alert.at("/alert/title").asText()).as("round %d", round).startsWith("Wipe detected");

                CliRun doctor = lab.cli("doctor");
                assertThat(doctor.exitCode).as("doctor after the wipe:\n%s", doctor).isZero();

                String command = alert.at("/alert/details/restore command").asText();
                assertThat(command).as("round %d: the alert names a command", round).isNotBlank();
                CliRun restore = lab.runPrinted(command, "--target-db", IncidentLab.DB, "--force");
                assertThat(restore.exitCode).as("round %d: %s\n%s", round, command, restore).isZero();
                assertThat(lab.state(IncidentLab.DB)).as("round %d: the database after '%s'", round, command)
                        .isEqualTo(before);
            }
            assertThat(lab.notifications()).as("a dropDatabase is recorded history, not lost history")
                    .noneMatch(n -> n.at("/alert/rule").asText().equals("capture-gap"));
            // a restore of 'latest' after the incidents is the database as it is now, not an empty safety copy
            Map<String, Object> now = lab.state(IncidentLab.DB);
            CliRun latest = lab.cli("restore", "--snapshot", "latest", "--target-db", "after_incidents");
            assertThat(latest.exitCode).as("%s", latest).isZero();
            assertThat(lab.state("after_incidents")).isEqualTo(now);
        }
    }

    /**
     * Indexes change between snapshots (one created, one dropped), then a wipe: the restore to just before it
     * has the indexes of that moment, not those of the snapshot it starts from.
     */
    @Test
    void indexesCreatedAndDroppedBetweenSnapshotsComeBackAsTheyWereAtTheWipe() throws Exception {
        try (IncidentLab lab = new IncidentLab(dir, Map.of())) {
            lab.seed();
            lab.startGuardian();
            lab.db().getCollection("ledger").dropIndex("by_user");
            lab.db().getCollection("ledger").createIndex(Indexes.descending("amount"), new IndexOptions().name("by_amount"));
            lab.db().getCollection("users").createIndex(Indexes.ascending("email"),
                    new IndexOptions().unique(true).name("email_unique"));
            lab.db().getCollection("ledger").insertOne(new Document("_id", "after-index-change").append("amount", 7));
            Map<String, Object> before = lab.state(IncidentLab.DB);
            lab.awaitIndexRecorded("users", "email_unique"); // time passes: the changes are in the history
            lab.awaitCovered(Instant.now());
            lab.db().drop();
            JsonNode alert = lab.awaitWipeAlert(1, ALERT_WITHIN);
            String command = alert.at("/alert/details/restore command").asText();
            CliRun restore = lab.runPrinted(command, "--target-db", IncidentLab.DB, "--force");
            assertThat(restore.exitCode).as("%s\n%s", command, restore).isZero();
            assertThat(lab.state(IncidentLab.DB)).isEqualTo(before);
        }
    }

    /**
     * A mass delete instead of a drop, twice on the same collection: each is its own incident (never
     * "flapping"), and each alert's command brings back exactly what that delete removed.
     */
    @Test
    void twoMassDeletesAreTwoIncidentsEachUndoneByItsAlertsCommand() throws Exception {
        try (IncidentLab lab = new IncidentLab(dir, Map.of("PRODGUARD_WIPE_MASS_DELETE", "10"))) {
            lab.seed();
            lab.startGuardian();
            for (int round = 1; round <= 2; round++) {
                lab.db().getCollection("ledger").insertOne(new Document("_id", "before delete " + round).append("amount", 1));
                Map<String, Object> before = lab.state(IncidentLab.DB);
                lab.awaitCovered(Instant.now());

                lab.db().getCollection("ledger").deleteMany(new Document());
                JsonNode alert = lab.awaitWipeAlert(round, ALERT_WITHIN);
                assertThat(alert.at("/alert/title").asText()).contains("deleted");
                lab.cli("doctor");
                String command = alert.at("/alert/details/restore command").asText();
                CliRun restore = lab.runPrinted(command, "--target-db", IncidentLab.DB, "--force");
                assertThat(restore.exitCode).as("round %d: %s\n%s", round, command, restore).isZero();
                assertThat(lab.state(IncidentLab.DB)).as("round %d", round).isEqualTo(before);
            }
        }
    }

    /**
     * The database server is replaced by an empty one (a preview reset, a lost volume: no drop events at
     * all). Within a minute the guardian says history was lost and that the data vanished, naming the last
     * restorable instant; the alert's command restores exactly what was there.
     */
    @Test
    void theServerReplacedByAnEmptyOneIsAWipeWithARestorePointBeforeIt() throws Exception {
        try (IncidentLab lab = new IncidentLab(dir, Map.of())) {
            lab.seed();
            lab.startGuardian();
            lab.db().getCollection("ledger").insertOne(new Document("_id", "last before the reset").append("amount", 9));
            Map<String, Object> before = lab.state(IncidentLab.DB);
            lab.awaitCovered(Instant.now());

            lab.replaceServerWithAnEmptyOne();
            JsonNode alert = lab.awaitWipeAlert(1, Duration.ofSeconds(60));
            assertThat(lab.notifications()).as("a capture-gap alert too")
                    .anyMatch(n -> n.at("/alert/rule").asText().equals("capture-gap"));
            String command = alert.at("/alert/details/restore command").asText();
            CliRun restore = lab.runPrinted(command, "--target-db", "recovered");
            assertThat(restore.exitCode).as("%s\n%s", command, restore).isZero();
            assertThat(lab.state("recovered")).isEqualTo(before);
        }
    }

    /**
     * A point-in-time restore past a replaced server is exact or refused: never the old history with the new
     * server's changes appended.
     */
    @Test
    void aRestoreToAfterTheServerWasReplacedIsExactOrRefused() throws Exception {
        try (IncidentLab lab = new IncidentLab(dir, Map.of())) {
            lab.seed();
            lab.startGuardian();
            lab.awaitCovered(Instant.now());
            lab.replaceServerWithAnEmptyOne();
            // the new server gets data of its own
            await().ignoreExceptions().atMost(Duration.ofSeconds(20))
                    .until(() -> lab.db().runCommand(new Document("ping", 1)) != null);
            lab.db().getCollection("orders").insertMany(List.of(new Document("_id", 1), new Document("_id", 2)));
            Map<String, Object> now = lab.state(IncidentLab.DB);
            Instant t = Instant.now();
            lab.awaitCovered(t); // capture follows the new server, with or without a gap
            CliRun r = lab.cli("restore", "--to", t.toString(), "--target-db", "after_switch");
            if (r.exitCode == 0) {
                assertThat(lab.state("after_switch")).as("exact, or refused").isEqualTo(now);
            } else {
                assertThat(r.all()).contains("outside every restorable window");
            }
        }
    }

    /**
     * A forced restore drops what it replaces; however fast it is (a tiny database) and however slow the stream, the
     * guardian never takes those drops for a wipe: the restore waits until capture has recorded its marker.
     */
    @Test
    void fastForcedRestoresAreNeverWipes() throws Exception {
        try (IncidentLab lab = new IncidentLab(dir, Map.of())) {
            lab.db().getCollection("settings").insertOne(new Document("_id", "fee").append("bps", 25));
            lab.startGuardian();
            for (int i = 0; i < 4; i++) {
                CliRun r = lab.cli("restore", "--snapshot", "latest", "--target-db", IncidentLab.DB, "--force");
                assertThat(r.exitCode).as("%s", r).isZero();
            }
            lab.db().drop(); // a real wipe afterwards: the one and only wipe alert
            JsonNode alert = lab.awaitWipeAlert(1, ALERT_WITHIN);
            assertThat(alert.at("/alert/details/dropped collections/0").asText()).isEqualTo("settings");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15))
                    .until(() -> lab.wipeNotifications().stream().filter(w -> w.at("/event").asText().equals("opened")).count() == 1);
        }
    }
}
