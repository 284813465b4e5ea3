package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.retention.RetentionPolicy;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import dev.prodguard.text.Sizes;
import dev.prodguard.verify.Invariant;
import dev.prodguard.verify.Problem;
import dev.prodguard.verify.RepositoryVerifier;
import dev.prodguard.verify.RestoreTestReport;
import dev.prodguard.verify.RestoreTester;
import dev.prodguard.verify.VerifyReport;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard verify}: re-read every stored object and the captured history; with --restore, prove a snapshot restores. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Re-read every stored object and the whole captured history, and name every problem.",
            "Objects are checked by their checksums, document counts and content hashes; the history "
                    + "by every segment and event, the anchors, the gaps, the capture tip and its continuity. "
                    + "Exits 1 naming every problem and the restore points it affects.",
            "With --restore it also restores the snapshot into a scratch database, compares it with "
                    + "the manifest, checks the invariants of prodguard.yml, and drops the scratch database. "
                    + "When capture covers the snapshot, the invariants are checked after replaying the "
                    + "captured changes up to the snapshot's finish (a point-consistent state); otherwise on "
                    + "the snapshot alone, and the report says so."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard verify",
            "  prodguard verify --restore",
            "  prodguard verify --snapshot latest --json"})
public final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--restore", description = "Also restore into a scratch database and compare (latest snapshot by default).")
    boolean restore;

    @Option(names = "--snapshot", paramLabel = "<id|latest>", description = "Only this snapshot (default: all; with --restore: latest).")
    String snapshot;

    @picocli.CommandLine.Mixin
    DatabaseOption database = new DatabaseOption();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        List<Invariant> invariants = restore ? Invariant.parse(ctx.settings().section("invariants")) : List.of();
        try (Repository repo = RepoAccess.repository(ctx, false)) {
            VerifyReport report = new RepositoryVerifier(repo).retention(ctx.clock(),
                    RetentionPolicy.parse(ctx.settings().section("retention")).changes())
                    .verify(restore && snapshot == null ? "latest" : snapshot, restore || snapshot != null ? database.name(ctx) : null);
            ObjectNode o = json(report);
            if (!report.ok()) {
                Problem first = report.firstProblem();
                if (json) {
                    o.put("firstBadObject", name(first));
                    ctx.println(Json.write(o));
                } else {
                    for (Problem p : report.problems()) {
                        ctx.error("BAD " + name(p) + ": " + p.message());
                        if (!p.affects().isEmpty()) {
                            ctx.error("    affects: " + String.join("; ", p.affects()));
                        }
                    }
                    report.notices().forEach(n -> ctx.println("note: " + n));
                    ctx.println("verify FAILED: first bad object " + name(first) + " (" + first.kind() + "); "
                            + report.problems().size() + " problem(s) in " + scope(report));
                }
                return ErrorCode.CHECK_FAILED.exitCode();
            }
            String objectsLine = String.format(Locale.ROOT, "verified %s, all sound (%s)", scope(report),
                    Durations.millis(report.durationMillis()));
            if (!json) {
                report.notices().forEach(n -> ctx.println("note: " + n));
            }
            if (!restore) {
                ctx.println(json ? Json.write(o) : objectsLine);
                return 0;
            }
            if (!json) {
                ctx.println(objectsLine);
            }
            try (MongoClient client = RepoAccess.client(ctx)) {
                RestoreTester tester = new RestoreTester(client, repo, RestoreOptions.from(RepoAccess.snapshotOptions(ctx)),
                        ctx.clock()).fallbackTo(ctx.settings().path(ConfigKey.STATE_DIR));
                RestoreTestReport t = tester.run(database.name(ctx), snapshot == null ? "latest" : snapshot, invariants);
                if (tester.recorded().problem() != null) {
                    ctx.warn("the restore test's outcome " + tester.recorded().problem());
                }
                if (json) {
                    o.put("ok", t.ok());
                    o.set("restoreTest", Json.mapper().valueToTree(t));
                    o.put("recordedIn", tester.recorded().where());
                    ctx.println(Json.write(o));
                } else {
                    print(ctx, t);
                }
                return t.ok() ? 0 : ErrorCode.CHECK_FAILED.exitCode();
            }
        }
    }

    /** The stored key a problem concerns, or its kind when it concerns no single file. */
    private static String name(Problem p) {
        return p.key() != null ? p.key() : p.kind();
    }

    /** What was verified, in words: snapshots, objects, documents, size; segments and events of the captured databases. */
    private static String scope(VerifyReport r) {
        String s = String.format(Locale.ROOT, "%d snapshot(s): %d object(s), %d document(s), %s", r.snapshots(), r.objects(),
                r.documents(), Sizes.human(r.rawBytes()));
        if (r.databases() > 0) {
            s += String.format(Locale.ROOT, "; %d change segment(s) with %d event(s) of %d captured database(s)", r.segments(),
                    r.events(), r.databases());
        }
        return s;
    }

    /** The report as JSON: counts, every problem (kind, object, manifest, message, affects) and every notice. */
    private static ObjectNode json(VerifyReport report) {
        ObjectNode o = Json.object();
        o.put("ok", report.ok());
        o.put("snapshots", report.snapshots());
        o.put("objects", report.objects());
        o.put("documents", report.documents());
        o.put("rawBytes", report.rawBytes());
        o.put("databases", report.databases());
        o.put("segments", report.segments());
        o.put("events", report.events());
        o.put("unreferencedObjects", report.unreferenced());
        ArrayNode problems = o.putArray("problems");
        for (Problem p : report.problems()) {
            problems.add(Json.mapper().valueToTree(p));
        }
        ArrayNode notices = o.putArray("notices");
        report.notices().forEach(notices::add);
        return o;
    }

    private static void print(CliContext ctx, RestoreTestReport t) {
        for (RestoreTestReport.CollectionCheck c : t.collections()) {
            if (!c.ok()) {
                ctx.error("MISMATCH " + c.name() + ": manifest " + c.expectedDocuments() + " document(s) hash "
                        + c.expectedHash() + ", restored " + c.actualDocuments() + " hash " + c.actualHash());
            }
        }
        RestoreTestReport.Consistency state = t.consistency();
        if (state != null && state.pointInTime()) {
            ctx.println("invariants evaluated at " + Instants.humanIso(state.consistentAt()) + ", the snapshot's consistent point: " + state.note());
        } else if (state != null) {
            ctx.warn("snapshot " + t.snapshotId() + " may not be point-consistent: " + state.note());
        }
        for (RestoreTestReport.InvariantCheck i : t.invariants()) {
            ctx.println("invariant " + i.name() + ": " + (i.ok() ? "holds" : "FAILS: " + i.detail()));
        }
        long bad = t.collections().stream().filter(c -> !c.ok()).count();
        if (t.nothingToTest()) {
            ctx.error("restore test of snapshot " + t.snapshotId() + ": NOTHING TO TEST: the snapshot holds no collection,"
                    + " so it proves nothing (was DB_NAME empty or mistyped when it was taken? 'prodguard doctor' lists the"
                    + " databases that hold data)");
            return;
        }
        ctx.println(String.format(Locale.ROOT, "restore test of snapshot %s %s: %d collection(s) compared (%d mismatched),"
                + " %d invariant(s), %s; scratch database %s dropped", t.snapshotId(), t.verdict(),
                t.collections().size(), bad, t.invariants().size(), Durations.millis(t.durationMillis()), t.scratchDb()));
    }
}
