package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import dev.prodguard.connect.UserData;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotResult;
import dev.prodguard.snapshot.SnapshotService;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Sizes;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard backup}: one snapshot of DB_NAME into the repository. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {
            "Take a snapshot of DB_NAME into the backup repository (PRODGUARD_REPO).",
            "It copies every collection with its options and indexes, and every view; "
                    + "PRODGUARD_PARALLELISM collections at once."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard backup",
            "  prodguard backup --json"})
public final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--json", description = "Print one JSON object (includes the snapshot id) instead of a summary line.")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        String db = ctx.settings().dbName();
        // the client first: the driver connects in the background while the repository opens
        try (MongoClient client = RepoAccess.client(ctx); Repository repo = RepoAccess.repository(ctx, true)) {
            UserData.Contents contents = contents(client, db);
            if (contents != null && contents.empty()) {
                ctx.loudWarning("database " + db + " holds no collections of its own (prodguard's do not count), so this"
                        + " snapshot will be empty; databases on this server with data: " + contents.othersText()
                        + "; check that DB_NAME names the database to protect");
            }
            SnapshotResult r = dev.prodguard.capture.AnchoredSnapshot.take(new SnapshotService(client, repo,
                    RepoAccess.snapshotOptions(ctx), ctx.clock()), repo, db, TerminalProgress.forContext(ctx, "backup " + db, json));
            ctx.println(json ? Json.write(toJson(r, contents)) : summary(r)
                    + (contents != null && contents.empty() ? " (EMPTY: see the warning above)" : ""));
        }
        return 0;
    }

    static String summary(SnapshotResult r) {
        return String.format(Locale.ROOT, "snapshot %s of %s: %d collection(s), %d view(s), %d document(s), %s raw,"
                + " %s stored, %s (%.0f docs/s)", r.id(), r.db(), r.collections(), r.views(), r.documents(),
                Sizes.human(r.rawBytes()), Sizes.human(r.storedBytes()), Durations.millis(r.durationMillis()), r.docsPerSecond());
    }

    /** What DB_NAME holds, or null when the server cannot tell (the snapshot then reports the failure). */
    private static UserData.Contents contents(MongoClient client, String db) {
        try {
            return UserData.of(client, db);
        } catch (MongoException e) {
            return null;
        }
    }

    static ObjectNode toJson(SnapshotResult r, UserData.Contents contents) {
        ObjectNode o = Json.object();
        o.put("snapshot", r.id());
        o.put("db", r.db());
        o.put("collections", r.collections());
        o.put("views", r.views());
        o.put("documents", r.documents());
        o.put("rawBytes", r.rawBytes());
        o.put("storedBytes", r.storedBytes());
        o.put("durationMillis", r.durationMillis());
        o.put("docsPerSecond", Math.round(r.docsPerSecond()));
        boolean empty = contents == null ? r.collections() == 0 && r.views() == 0 : contents.empty();
        o.put("empty", empty);
        if (empty && contents != null) {
            ArrayNode others = o.putArray("databasesWithData");
            contents.databasesWithData().forEach(d -> others.addObject().put("name", d.name())
                    .put("collections", d.collections()));
            o.put("databasesWithDataError", contents.listError());
        }
        return o;
    }
}
