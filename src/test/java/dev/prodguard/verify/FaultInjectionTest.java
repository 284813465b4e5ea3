package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import dev.prodguard.verify.CapturedRepository.Kind;
import dev.prodguard.verify.RepositoryFiles.Damage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage every kind of file of a repository written by real capture ({@link CapturedRepository}), one file and one
 * damage at a time on a fresh copy, then run {@code verify}, {@code restore --to <newest restorable instant>} and
 * {@code restore --snapshot latest} through the CLI. A restore exits 0 only with exactly the data of the instant
 * (or of the snapshot it names); otherwise it refuses in one line and leaves nothing in its new target database.
 * {@code verify} exits non-zero whenever the damaged file is one a restore depends on.
 *
 * <p>Which kinds are harmless, decided per kind: a lock file only coordinates running processes (a damaged or
 * missing one is taken over), so verify ignores it (exit 0); a deleted status record, history marker record or
 * {@code verify/last} is what a repository holds before capture or a restore test first ran (exit 0), while an
 * unreadable one is damage of the storage (exit 1) although no restore needs it. Everything else is read by
 * restores: exit 1, or 5 when the descriptor leaves no repository to read.
 */
class FaultInjectionTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static CapturedRepository repo;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Kind> HARMLESS_WHEN_DELETED = Set.of(Kind.STATUS_RECORD, Kind.MARKER_RECORD, Kind.VERIFY_LAST,
            Kind.LOCK_FILE);
    private int cases;
    private final List<String> violations = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        repo = CapturedRepository.build(mongo.client(), shared.resolve("repo"), TestMongo.uniqueDb("faults"), mongo.uri());
    }

    /**
     * The default run: every kind of file once, with a byte flipped, except the kinds whose deletion only the
     * history's own evidence reveals (a middle segment, an anchor, a gap, the tip): those are deleted.
     */
    @Test
    void everyKindOfFileOnce() throws Exception {
        Set<Kind> deleted = Set.of(Kind.SEGMENT_MANIFEST, Kind.ANCHOR, Kind.GAP, Kind.TIP_RECORD);
        List<Row> rows = new ArrayList<>();
        rows.add(intact());
        for (Kind kind : Kind.values()) {
            rows.add(damage(kind, repo.files.get(kind).get(0), deleted.contains(kind) ? Damage.DELETE : Damage.FLIP));
        }
        report(rows);
    }

    /** The full run: every file worth damaging of every kind, deleted, truncated and flipped. */
    @Test
    @Tag("slow")
    void everyFileEveryDamage() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (String file : repo.files.get(kind)) {
                for (Damage d : Damage.values()) {
                    rows.add(damage(kind, file, d));
                }
            }
        }
        report(rows);
    }

    /** One case: a fresh copy, one damage, verify and both restores, and the assertions of the class comment. */
    private Row damage(Kind kind, String file, Damage damage) throws Exception {
        int n = ++cases;
        Path copy = dir.resolve("case" + n);
        dev.prodguard.testing.Folders.copy(repo.dir, copy);
        damage.apply(copy.resolve(file));
        String what = kind + " " + damage + " " + file;
        CliRun verify = run(copy, "verify");
        if (Boolean.getBoolean("faults.print")) { // -Dfaults.print=true shows what verify said in every case
            System.out.println("== " + what + "\n" + verify.all());
        }
        check(verify.exitCode == expectedVerify(kind, damage), what + ": verify exit " + verify.exitCode + ", expected "
                + expectedVerify(kind, damage) + "\n" + verify);
        clean(verify, what);
        if (kind == Kind.SEGMENT_MANIFEST && damage == Damage.DELETE) {
            // status shows the hole as a gap in the restorable history, not one unbroken window: between two segments,
            // after a recorded gap, before the capture tip; not the oldest segment, whose loss only verify can tell
            // from retention's pruning (its exit code is checked above)
            int gaps = gaps(copy);
            int expected = gaps(dir.resolve("intact-status")) + (file.equals(repo.oldestSegment) ? 0 : 1);
            check(gaps == expected, what + ": status lists " + gaps + " gap(s), " + expected + " expected\n" + run(copy, "status"));
        }
        String to = restore(copy, what, repo.db + "_c" + n + "t", "--to", repo.newest.toString());
        String latest = restore(copy, what, repo.db + "_c" + n + "s", "--snapshot", "latest");
        return new Row(kind, damage, file, verify.exitCode, to, latest);
    }

    /**
     * The undamaged repository: verify is sound and both restores are exact (what every damaged case is measured
     * against); verify also found nothing while capture was writing it.
     */
    private Row intact() throws Exception {
        assertThat(repo.liveVerifyFailures).as("verify while capture ran").isEmpty();
        Path copy = dir.resolve("intact");
        dev.prodguard.testing.Folders.copy(repo.dir, copy);
        CliRun verify = run(copy, "verify");
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        String to = restore(copy, "intact", repo.db + "_it", "--to", repo.newest.toString());
        String latest = restore(copy, "intact", repo.db + "_is", "--snapshot", "latest");
        assertThat(to).isEqualTo("0 exact");
        assertThat(latest).isEqualTo("0 exact (newest snapshot)");
        return new Row(null, null, "(none)", verify.exitCode, to, latest);
    }

    /** The gaps {@code status --json} lists among the restorable windows (an undamaged copy is made on first use). */
    private int gaps(Path copy) throws Exception {
        if (!java.nio.file.Files.exists(copy)) {
            dev.prodguard.testing.Folders.copy(repo.dir, copy);
        }
        CliRun status = run(copy, "status", "--json");
        assertThat(status.exitCode).as(status.toString()).isZero();
        int n = 0;
        for (JsonNode w : JSON.readTree(status.out).path("restorable")) {
            n += "gap".equals(w.path("kind").asText()) ? 1 : 0;
        }
        return n;
    }

    private static int expectedVerify(Kind kind, Damage damage) {
        if (kind == Kind.LOCK_FILE || (damage == Damage.DELETE && HARMLESS_WHEN_DELETED.contains(kind))) {
            return 0;
        }
        return kind == Kind.DESCRIPTOR ? 5 : 1;
    }

    /** Runs a restore into {@code target}; returns the outcome for the table after asserting it is exact or a clean refusal. */
    private String restore(Path copy, String what, String target, String... how) throws Exception {
        List<String> args = new ArrayList<>(List.of("restore", "--target-db", target, "--json"));
        args.addAll(List.of(how));
        CliRun r = run(copy, args.toArray(String[]::new));
        String label = what + ": restore " + String.join(" ", how) + "\n" + r;
        try {
            if (r.exitCode == 0) {
                JsonNode o = JSON.readTree(r.out);
                boolean pointInTime = how[0].equals("--to");
                DatabaseImage expected = pointInTime ? repo.atNewest : repo.snapshots.get(o.path("snapshot").asText());
                if (!check(expected != null && DatabaseImage.of(mongo.client(), target).equals(expected), label
                        + "\nrestored WRONG data")) {
                    return "0 WRONG";
                }
                return "0 exact" + (pointInTime ? "" : " (" + (o.path("snapshot").asText().equals(lastSnapshot()) ? "newest" : "older")
                        + " snapshot)");
            }
            clean(r, label);
            check(DatabaseImage.absentOrEmpty(mongo.client(), target), label + "\nleft something in " + target);
            return r.exitCode + " refused";
        } finally {
            mongo.client().getDatabase(target).drop();
        }
    }

    private static String lastSnapshot() {
        List<String> ids = new ArrayList<>(repo.snapshots.keySet());
        return ids.get(ids.size() - 1);
    }

    /** A failing command says why in one line on stderr (verify's report of problems aside), with no stack trace. */
    private void clean(CliRun r, String what) {
        check(r.exitCode == 0 || r.exitCode == 1 || r.err.strip().lines().count() == 1, what + ": not one line\n" + r);
        check(!r.all().contains("\tat ") && !r.all().contains("Exception"), what + ": a stack trace\n" + r);
    }

    /** Records a violation (the table is printed in full before the test fails). */
    private boolean check(boolean ok, String violation) {
        if (!ok) {
            violations.add(violation);
        }
        return ok;
    }

    private CliRun run(Path copy, String... args) {
        return CliRun.run(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", repo.db, "PRODGUARD_REPO", copy.toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()), dir, args);
    }

    private record Row(Kind kind, Damage damage, String file, int verify, String restoreTo, String restoreLatest) {}

    /** Prints the table (kind x damage -> verify exit / restore exits / outcome). */
    private void report(List<Row> rows) {
        Map<Kind, Integer> perKind = new EnumMap<>(Kind.class);
        rows.stream().filter(r -> r.kind() != null).forEach(r -> perKind.merge(r.kind(), 1, Integer::sum));
        StringBuilder out = new StringBuilder(String.format("%nFAULT INJECTION (%d segments, 2 snapshots, newest restorable"
                + " instant %s)%n%-18s %-9s %-7s %-16s %-28s %s%n", repo.segments, repo.newest, "kind", "damage", "verify",
                "restore --to", "restore --snapshot latest", "file"));
        for (Row r : rows) {
            out.append(String.format("%-18s %-9s %-7d %-16s %-28s %s%n", r.kind() == null ? "-" : r.kind(),
                    r.damage() == null ? "none" : r.damage(), r.verify(), r.restoreTo(),
                    r.restoreLatest(), r.file()));
        }
        System.out.println(out);
        assertThat(perKind.keySet()).containsExactlyInAnyOrder(Kind.values());
        assertThat(violations).as(violations.size() + " violation(s)").isEmpty();
    }
}
