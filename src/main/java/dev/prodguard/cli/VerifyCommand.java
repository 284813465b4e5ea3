package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.Sizes;
import dev.prodguard.verify.Invariant;
import dev.prodguard.verify.ObjectCheck;
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

/** {@code prodguard verify}: re-read every stored object; with --restore, prove a snapshot restores. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-read every stored object (checksums, document counts, content hashes); exit 1 naming the"
            + " first bad object.", "--restore also restores the snapshot into a scratch database, compares it with"
            + " the manifest, checks the invariants of prodguard.yml, and drops the scratch database.", "When capture covers"
            + " the snapshot, the invariants are checked after replaying captured changes up to the snapshot's finish"
            + " (a point-consistent state); otherwise on the snapshot alone, and the report says so."})
public final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--restore", description = "Also restore into a scratch database and compare (latest snapshot by default).")
    boolean restore;

    @Option(names = "--snapshot", paramLabel = "<id|latest>", description = "Only this snapshot (default: all; with --restore: latest).")
    String snapshot;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        List<Invariant> invariants = restore ? Invariant.parse(ctx.settings().section("invariants")) : List.of();
        try (Repository repo = RepoAccess.repository(ctx, false)) {
            VerifyReport report = new RepositoryVerifier(repo).verify(restore && snapshot == null ? "latest" : snapshot,
                    restore || snapshot != null ? ctx.settings().dbName() : null);
            ObjectNode o = Json.object();
            o.put("ok", report.ok());
            o.put("snapshots", report.snapshots());
            o.put("objects", report.objects());
            o.put("documents", report.documents());
            o.put("rawBytes", report.rawBytes());
            o.put("unreferencedObjects", report.unreferenced());
            ArrayNode problems = o.putArray("problems");
            for (ObjectCheck p : report.problems()) {
                problems.add(Json.MAPPER.valueToTree(p));
            }
            if (!report.ok()) {
                ObjectCheck first = report.firstProblem();
                if (json) {
                    o.put("firstBadObject", first.key());
                    ctx.println(Json.write(o));
                } else {
                    for (ObjectCheck p : report.problems()) {
                        ctx.error("BAD " + p.key() + ": " + p.problem());
                    }
                    ctx.println("verify FAILED: first bad object " + first.key() + " (snapshot " + first.snapshotId()
                            + "); " + report.problems().size() + " problem(s) in " + report.objects() + " object(s)");
                }
                return ErrorCode.CHECK_FAILED.exitCode();
            }
            String objectsLine = String.format(Locale.ROOT, "verified %d snapshot(s): %d object(s), %d document(s), %s,"
                    + " all sound (%.1f s)", report.snapshots(), report.objects(), report.documents(),
                    Sizes.human(report.rawBytes()), report.durationMillis() / 1000.0);
            if (report.unreferenced() > 0 && !json) {
                objectsLine += "; " + report.unreferenced() + " object(s) of unfinished snapshots are not part of any"
                        + " snapshot (harmless debris of an interrupted backup)";
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
                RestoreTestReport t = tester.run(ctx.settings().dbName(), snapshot == null ? "latest" : snapshot, invariants);
                if (tester.recorded().problem() != null) {
                    ctx.warn("the restore test's outcome " + tester.recorded().problem());
                }
                if (json) {
                    o.put("ok", t.ok());
                    o.set("restoreTest", Json.MAPPER.valueToTree(t));
                    o.put("recordedIn", tester.recorded().where());
                    ctx.println(Json.write(o));
                } else {
                    print(ctx, t);
                }
                return t.ok() ? 0 : ErrorCode.CHECK_FAILED.exitCode();
            }
        }
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
            ctx.println("invariants evaluated at " + state.consistentAt() + ", the snapshot's consistent point: " + state.note());
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
                + " %d invariant(s), %.1f s; scratch database %s dropped", t.snapshotId(), t.verdict(),
                t.collections().size(), bad, t.invariants().size(), t.durationMillis() / 1000.0, t.scratchDb()));
    }
}
