package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.status.StatusJson;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import dev.prodguard.text.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard list}: the committed snapshots in the repository. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {
            "List the committed snapshots of every database in the backup repository.",
            "For each snapshot: its id, when it finished, its kind, the number of collections and "
                    + "documents, its raw and stored size, and how long it took."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard list",
            "  prodguard list --json"})
public final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--json", description = "Print one JSON object with a 'snapshots' array.")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        try (Repository repo = RepoAccess.repository(ctx, false)) {
            List<SnapshotManifest> all = new SnapshotCatalog(repo).all();
            if (json) {
                ObjectNode o = Json.object();
                o.put("repository", repo.location());
                ArrayNode arr = o.putArray("snapshots");
                all.forEach(m -> arr.add(StatusJson.snapshot(m)));
                ctx.println(Json.write(o));
                return 0;
            }
            if (all.isEmpty()) {
                ctx.println("no snapshots in " + repo.location() + " yet; run 'prodguard backup'");
                return 0;
            }
            java.util.Map<String, List<SnapshotManifest>> byDb = new java.util.TreeMap<>();
            all.forEach(m -> byDb.computeIfAbsent(m.db(), k -> new java.util.ArrayList<>()).add(m));
            for (java.util.Map.Entry<String, List<SnapshotManifest>> e : byDb.entrySet()) {
                ctx.println("database " + e.getKey() + ": " + e.getValue().size() + " snapshot(s)");
                ctx.println(String.format(Locale.ROOT, "  %-28s %-20s %-7s %5s %12s %10s %10s %8s", "SNAPSHOT", "FINISHED",
                        "KIND", "COLLS", "DOCUMENTS", "RAW", "STORED", "TOOK"));
                for (SnapshotManifest m : e.getValue()) {
                    ctx.println(String.format(Locale.ROOT, "  %-28s %-20s %-7s %5d %12d %10s %10s %8s", m.id(),
                            Instants.human(m.finished()), m.purpose(), m.collectionCount(), m.documents(), Sizes.human(m.rawBytes()),
                            Sizes.human(m.storedBytes()), Durations.millis(m.durationMillis())));
                    if (m.note() != null) {
                        ctx.println("    note: " + m.note());
                    }
                }
            }
            if (all.stream().anyMatch(SnapshotManifest::isSafety)) {
                ctx.println("kind 'safety': a copy of a restore target taken before a forced restore replaced it;"
                        + " restorable by id, never 'latest'");
            }
        }
        return 0;
    }
}
