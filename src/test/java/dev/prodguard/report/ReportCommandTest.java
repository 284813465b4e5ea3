package dev.prodguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.prodguard.monitor.Sample;
import dev.prodguard.monitor.SampleStore;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prodguard report} end to end on the embedded server: a database with a redundant index and an empty
 * collection, a backup, 30 days of monitoring history written on a fixed clock; the HTML and the JSON carry the same
 * findings, each section names its source, and what the server cannot tell is said so.
 */
class ReportCommandTest {
    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private String db;
    private Map<String, String> env;

    @BeforeEach
    void database() {
        db = TestMongo.uniqueDb("report");
        MongoDatabase d = mongo.client().getDatabase(db);
        List<Document> users = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            users.add(new Document("email", "u" + i + "@example.com").append("createdAt", i));
        }
        d.getCollection("users").insertMany(users);
        d.getCollection("users").createIndex(new Document("email", 1), new IndexOptions().name("email_1"));
        d.getCollection("users").createIndex(new Document("email", 1).append("createdAt", -1));
        d.createCollection("leftovers");
        env = new HashMap<>();
        env.put("MONGO_URL", mongo.uri());
        env.put("DB_NAME", db);
        env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
        env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        env.put("PRODGUARD_TIER", "M0");
    }

    /** 30 days of hourly samples before {@link #NOW}: storage growing 8 MiB a day from 100 MiB, 12 connections. */
    static void history(Path stateDir) {
        try (SampleStore store = SampleStore.open(stateDir)) {
            Instant start = NOW.minus(Duration.ofDays(30));
            List<Sample> all = new ArrayList<>();
            for (int h = 0; h < 30 * 24; h++) {
                Instant at = start.plus(Duration.ofHours(h));
                all.add(Sample.of("storage.used_bytes", at, (100 + 8 * h / 24.0) * 1024 * 1024));
                all.add(Sample.of("connections.current", at, 12));
                all.add(Sample.of("connections.limit", at, 500));
                all.add(Sample.of("ops.query.rate", at, 3));
                all.add(new Sample("collection.size_bytes", "users", at, 4000 + h));
                all.add(new Sample("collection.count", "users", at, 50));
                all.add(Sample.of("slowops.count", at, h % 50 == 0 ? 1 : 0));
                all.add(Sample.of("slowops.max_ms", at, h % 50 == 0 ? 240 : 0));
            }
            store.add(all);
        }
    }

    @Test
    void htmlAndJsonCarryTheSameFindingsEachWithItsSource() throws Exception {
        assertThat(CliRun.run(env, dir, CLOCK, "backup").exitCode).isZero();
        history(dir.resolve("state"));
        CliRun html = CliRun.run(env, dir, CLOCK, "report", "--period", "weekly", "--out", "weekly.html");
        assertThat(html.exitCode).as(html.toString()).isZero();
        assertThat(html.out).contains("weekly report of " + db).contains("written to " + dir.resolve("weekly.html"))
                .contains("capacity: Move to FLEX");
        CliRun json = CliRun.run(env, dir, CLOCK, "report", "--period", "weekly", "--format", "json", "--out", "weekly.json");
        assertThat(json.exitCode).as(json.toString()).isZero();

        String page = Files.readString(dir.resolve("weekly.html"));
        JsonNode j = new ObjectMapper().readTree(dir.resolve("weekly.json").toFile());
        assertThat(j.path("format").asInt()).isEqualTo(1);
        assertThat(j.path("period").asText()).isEqualTo("weekly");
        assertThat(j.path("from").asText()).isEqualTo("2026-11-30T09:00:00Z");
        assertThat(j.path("to").asText()).isEqualTo("2026-12-07T09:00:00Z");
        // every section names where its data came from
        for (String section : List.of("growth", "connections", "collections", "backup", "transfer")) {
            assertThat(j.path(section).path("source").path("from").asText()).as(section).isNotBlank();
        }
        // the capacity advisor: 340 MiB growing 8 MiB a day reaches M0's 512 MB around 2026-12-28
        JsonNode storage = j.path("capacity").path("limits").get(0);
        assertThat(storage.path("verdict").asText()).isEqualTo("growing");
        assertThat(storage.path("expected").asText()).startsWith("2026-12-28");
        assertThat(page).contains(storage.path("sentence").asText().replace("'", "&#39;"));
        assertThat(j.path("capacity").path("recommendation").path("tier").asText()).isEqualTo("FLEX");
        // the index review: email_1 is a prefix of the compound index (listIndexes works on every server)
        JsonNode redundant = j.path("indexes").path("redundant");
        assertThat(redundant).hasSize(1);
        assertThat(redundant.get(0).path("index").asText()).isEqualTo("email_1");
        assertThat(page).contains("users.email_1 {email: 1} is a prefix of email_1_createdAt_-1");
        // the empty collection, the backup, the connections against the limit
        assertThat(j.path("collections").path("empty").toString()).contains("leftovers");
        assertThat(page).contains("Empty: leftovers.");
        assertThat(j.path("backup").path("snapshotsInWindow").asInt()).isEqualTo(1);
        assertThat(j.path("connections").path("peakShare").asDouble()).isEqualTo(12 / 500.0);
        assertThat(j.path("slowOps").path("seen").asLong()).isEqualTo(3); // hours 600, 650 and 700 are in the last 7 days
        // what this server cannot tell is said, with the server's reason, in both renderings
        for (String part : List.of("indexStats", "scans")) {
            JsonNode src = j.path("indexes").path(part);
            if (!src.path("unavailable").isNull()) {
                String why = src.path("unavailable").asText();
                assertThat(why).startsWith("not available on this server");
                // the two runs asked the server at different instants: compare up to the first instant
                assertThat(page).contains(Html.esc(capitalised(why.replaceAll(" \\d{4}-\\d\\d-\\d\\dT.*$", ""))));
            }
        }
        // the embedded server's $indexStats counts nothing (ops 0 since the instant asked): no index is called unused
        assertThat(j.path("indexes").path("unused")).isEmpty();
        assertThat(j.path("indexes").path("indexStats").path("unavailable").asText())
                .startsWith("not available on this server yet: $indexStats has counted index use only since");
        assertThat(page).doesNotContain("<script").doesNotContain("http://").contains("@media print").contains("<svg");
    }

    @Test
    void withoutOutTheReportGoesToTheStateDirectory() throws Exception {
        CliRun run = CliRun.run(env, dir, CLOCK, "report", "--period", "monthly");
        assertThat(run.exitCode).as(run.toString()).isZero();
        Path file = dir.resolve("state/reports/monthly-20261207-090000Z.html");
        assertThat(file).exists();
        // no repository yet: the backup section says so instead of failing
        assertThat(Files.readString(file)).contains("No repository at PRODGUARD_REPO.");
    }

    @Test
    void passwordAgesAreOnlyTheRecordedOnesAgainstNinetyDays() throws Exception {
        Path state = dir.resolve("state");
        new dev.prodguard.roles.PasswordAges(state, Clock.fixed(NOW.minus(Duration.ofDays(120)), ZoneOffset.UTC))
                .recordPasswordSet("app_rw", db);
        new dev.prodguard.roles.PasswordAges(state, Clock.fixed(NOW.minus(Duration.ofDays(10)), ZoneOffset.UTC))
                .recordPasswordSet("analytics_ro", db);
        CliRun run = CliRun.run(env, dir, CLOCK, "report", "--period", "quarterly", "--format", "json", "--out", "-");
        assertThat(run.exitCode).as(run.toString()).isZero();
        JsonNode ages = new ObjectMapper().readTree(run.out).path("users").path("passwordAges");
        assertThat(ages).hasSize(2);
        assertThat(ages.toString()).contains("\"user\":\"app_rw\",\"setAt\":\"2026-08-09T09:00:00Z\",\"days\":120,\"overdue\":true")
                .contains("\"user\":\"analytics_ro\",\"setAt\":\"2026-11-27T09:00:00Z\",\"days\":10,\"overdue\":false");
        CliRun html = CliRun.run(env, dir, CLOCK, "report", "--period", "quarterly", "--out", "-");
        assertThat(html.out).contains("app_rw: set 2026-08-09T09:00:00Z, 120 days ago: overdue, run &#39;prodguard roles rotate"
                + " app_rw&#39;.").contains("1 password(s) older than 90 days.");
    }

    @Test
    void badInputIsAOneLineErrorWithItsExitCode() {
        CliRun period = CliRun.run(env, dir, CLOCK, "report", "--period", "daily");
        assertThat(period.exitCode).isEqualTo(2);
        assertThat(period.err).contains("--period");
        env.put("PRODGUARD_TIER", "M99");
        CliRun tier = CliRun.run(env, dir, CLOCK, "report");
        assertThat(tier.exitCode).isEqualTo(3);
        assertThat(tier.err.strip()).isEqualTo("error: PRODGUARD_TIER='M99' is not a tier of the tier table; use one of M0,"
                + " FLEX, M10, M20 (or add it to the tiers: list of prodguard.yml)");
    }

    @Test
    void theGuardianKeepsTheLastNOfEachPeriod() throws Exception {
        Path reports = dir.resolve("reports");
        Files.createDirectories(reports);
        for (int day = 1; day <= 5; day++) {
            for (String ext : List.of(".html", ".json")) {
                Files.writeString(reports.resolve("weekly-2026120" + day + "-060000Z" + ext), "x");
            }
        }
        Files.writeString(reports.resolve("monthly-20261101-060000Z.html"), "x");
        assertThat(ReportFiles.keep(reports, "weekly", 2)).isEqualTo(6);
        try (var files = Files.list(reports)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "monthly-20261101-060000Z.html", "weekly-20261204-060000Z.html", "weekly-20261204-060000Z.json",
                    "weekly-20261205-060000Z.html", "weekly-20261205-060000Z.json");
        }
        assertThat(ReportFiles.newest(reports, "weekly").getFileName().toString()).isEqualTo("weekly-20261205-060000Z.html");
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
