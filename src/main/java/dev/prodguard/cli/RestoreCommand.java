package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import dev.prodguard.config.MongoTarget;
import dev.prodguard.config.Secrets;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.PointInTimePlanner;
import dev.prodguard.restore.RestoreOptions;
import dev.prodguard.restore.RestorePlan;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.restore.RestoreRequest;
import dev.prodguard.restore.RestoreResult;
import dev.prodguard.restore.RestoreService;
import dev.prodguard.restore.TargetState;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import dev.prodguard.text.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard restore --snapshot}: plan, then restore a snapshot into a (new, by default) database. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {
            "Restore a snapshot or a point in time into a new database.",
            "--snapshot names a snapshot, --to a point in time; the target defaults to a new database "
                    + "named <DB_NAME>_restored_<timestamp>.",
            "A target holding data is refused unless --force, which first takes a safety snapshot of "
                    + "it (prodguard's own collections do not count). A restore into DB_NAME is followed by a "
                    + "snapshot of the restored state."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard restore --snapshot latest --dry-run",
            "  prodguard restore --to -5m",
            "  prodguard restore --to before-last-drop --target-db shop --force"})
public final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--snapshot", paramLabel = "<id|latest>", description = "The snapshot to restore.")
    String snapshot;

    @Option(names = "--to", paramLabel = "<instant>", description = {"Point in time to restore DB_NAME to: ISO-8601"
            + " (2026-11-25T10:41:59.250Z), relative (-5m, -90s, -2h), or before-last-drop.",
        "Uses the newest snapshot finished before it and replays captured changes up to and including it."})
    String to;

    @picocli.CommandLine.Mixin
    DatabaseOption database = new DatabaseOption();

    @Option(names = "--target-db", paramLabel = "NAME", description = "Database to restore into.")
    String targetDb;

    @Option(names = "--target-uri", paramLabel = "URI",
            description = "Deployment to restore into (default MONGO_URL). Prefer a URI without a password.")
    String targetUri;

    @Option(names = "--include", paramLabel = "NS", description = "Only these namespaces (db.collection, * wildcard); repeatable.")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "NS", description = "Leave out these namespaces; repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the plan and write nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Allow a non-empty target: safety snapshot of it first, then the"
            + " restored collections are dropped and replaced.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        MongoTarget target = targetUri == null ? null : MongoTarget.parse(targetUri, "--target-uri");
        if (target != null && target.hasPassword()) {
            Secrets.register(new String(target.password()));
        }
        RestoreRequest request = new RestoreRequest(targetDb, include, exclude, force);
        if ((snapshot == null) == (to == null)) {
            throw dev.prodguard.error.ProdguardException.usage("restore needs exactly one of --snapshot <id|latest> or --to <instant>");
        }
        try (Repository repo = RepoAccess.repository(ctx, false)) {
            RestoreService.Planned planned = RestoreService.plan(repo, database.name(ctx), snapshot,
                    to == null ? null : RestorePoint.parse(to, ctx.clock()), request, ctx.clock(), java.time.Duration.ofSeconds(
                            ctx.settings().intValue(dev.prodguard.config.ConfigKey.WIPE_WINDOW)));
            PointInTimePlanner.PointInTimePlan pit = planned.pit();
            RestorePlan plan = planned.plan();
            if (pit == null) {
                consistencyWarning(ctx, repo, plan);
            }
            if (dryRun) {
                plan.describe().forEach(ctx::println);
                if (pit != null) {
                    PointInTimeText.describe(pit).forEach(ctx::println);
                }
                ctx.println("  target now: " + targetState(ctx, target, plan.targetDb()));
                if (!RestoreFollowUp.inPlace(plan.snapshot().db(), targetUri, plan.targetDb())) {
                    ctx.println("  afterwards: point your application at it (DB_NAME=" + plan.targetDb() + "), or restore in place"
                            + " with --target-db " + plan.snapshot().db() + " --force");
                } else {
                    ctx.println("  afterwards: a snapshot of " + plan.targetDb() + " anchors the restored state (it becomes 'latest')");
                }
                ctx.println("dry run: nothing was written");
                return 0;
            }
            try (MongoClient client = target == null ? RepoAccess.client(ctx) : RepoAccess.client(ctx, target)) {
                RestoreService.Outcome outcome = RestoreService.execute(client, repo, RepoAccess.snapshotOptions(ctx), ctx.clock(),
                        planned, TerminalProgress.forContext(ctx, "restore", json),
                        RestoreFollowUp.inPlace(plan.snapshot().db(), targetUri, plan.targetDb()));
                RestoreResult r = outcome.result();
                String sourceArgs = planned.sourceArgs();
                RestoreFollowUp.Anchor anchor = RestoreFollowUp.anchor(outcome);
                if (json) {
                    ObjectNode o = Json.object();
                    o.put("snapshot", plan.snapshot().id());
                    o.put("targetDb", r.targetDb());
                    o.put("collections", r.collections());
                    o.put("views", r.views());
                    o.put("documents", r.documents());
                    o.put("rawBytes", r.bytes());
                    o.put("durationMillis", r.durationMillis());
                    o.put("safetySnapshot", r.safetySnapshotId());
                    if (pit != null) {
                        o.put("pointInTime", Instants.json(pit.instant()));
                        o.put("stoppedBefore", pit.stop() == null ? null : pit.stop().what());
                        o.put("incident", pit.stop() == null ? null : dev.prodguard.restore.Incidents.PREFIX + pit.stop().id());
                        o.put("segmentsReplayed", plan.replay().size());
                        o.put("changesApplied", outcome.replayed().applied());
                        o.put("changesSkipped", outcome.replayed().skipped());
                        o.set("notes", Json.strings(pit.notes()));
                    }
                    o.set("notes", Json.strings(r.notes()));
                    RestoreFollowUp.json(ctx, o, plan.snapshot().db(), r.targetDb(), sourceArgs, anchor, targetUri != null);
                    ctx.println(Json.write(o));
                } else {
                    if (r.safetySnapshotId() != null) {
                        ctx.println("safety snapshot " + r.safetySnapshotId() + " of " + r.targetDb() + " taken first");
                    }
                    ctx.println(String.format(Locale.ROOT, "restored snapshot %s into %s: %d collection(s), %d view(s),"
                            + " %d document(s), %s, %s (%.0f docs/s)", plan.snapshot().id(), r.targetDb(),
                            r.collections(), r.views(), r.documents(), Sizes.human(r.bytes()),
                            Durations.millis(r.durationMillis()), r.docsPerSecond()));
                    if (pit != null) {
                        ctx.println("replayed " + outcome.replayed().applied() + " captured change(s) from " + plan.replay().size()
                                + " segment(s): " + r.targetDb() + " is as of " + Instants.point(pit.instant())
                                + (pit.stop() == null ? "" : " (just before the " + pit.stop().what() + ")"));
                        pit.notes().forEach(n -> ctx.println("note: " + n));
                    }
                    r.notes().forEach(ctx::println);
                    RestoreFollowUp.print(ctx, plan.snapshot().db(), r.targetDb(), sourceArgs, anchor, targetUri != null);
                }
            }
        }
        return 0;
    }

    /**
     * Warns when the snapshot was read while the database changed. Only advice: damage elsewhere in the change
     * history (which verify reports) must not stop restoring a sound snapshot.
     */
    private static void consistencyWarning(CliContext ctx, Repository repo, RestorePlan plan) {
        try {
            dev.prodguard.verify.SnapshotConsistency c = dev.prodguard.verify.SnapshotConsistency.of(repo, plan.snapshot());
            String warning = c.restoreWarning(c.changesDuringRead(repo));
            if (warning != null) {
                ctx.warn(warning);
            }
        } catch (dev.prodguard.error.ProdguardException e) {
            if (e.code() == dev.prodguard.error.ErrorCode.KEY) {
                throw e;
            }
            ctx.warn("cannot tell whether snapshot " + plan.snapshot().id() + " was read while the database changed ("
                    + e.getMessage() + "); run 'prodguard verify'");
        }
    }

    /** What the target holds now, for --dry-run; "unknown" when it cannot be reached. */
    private static String targetState(CliContext ctx, MongoTarget target, String db) {
        try (MongoClient client = target == null ? RepoAccess.client(ctx) : RepoAccess.client(ctx, target)) {
            return TargetState.read(client, db, RestoreOptions.from(RepoAccess.snapshotOptions(ctx)).lockStaleAfter(),
                    ctx.clock()).describe();
        } catch (MongoException | dev.prodguard.error.ProdguardException e) {
            return "unknown (cannot reach the target: " + ConnectionProblem.describe(e) + ")";
        }
    }
}
