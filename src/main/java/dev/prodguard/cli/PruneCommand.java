package dev.prodguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.repo.Repository;
import dev.prodguard.retention.PrunePlan;
import dev.prodguard.retention.PrunePlan.Item;
import dev.prodguard.retention.PrunePlan.Kind;
import dev.prodguard.retention.Pruner;
import dev.prodguard.retention.RetentionPolicy;
import dev.prodguard.text.Instants;
import dev.prodguard.text.Sizes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard prune}: delete what the retention policy no longer keeps, and say why. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {
            "Delete what the retention policy no longer keeps, never anything a retained restore "
                    + "point needs.",
            "Snapshots, change segments and debris are judged by the retention: section of "
                    + "prodguard.yml. It prints what goes, what stays and why. It waits for no one: it exits 8 "
                    + "while a backup or another prune runs."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard prune --dry-run",
            "  prodguard prune"})
public final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--dry-run", description = "Print the plan; delete nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print one JSON object (every item with its reasons).")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        RetentionPolicy policy = RetentionPolicy.parse(ctx.settings().section("retention"));
        policy.warnings().forEach(ctx::warn);
        try (Repository repo = RepoAccess.repository(ctx, false)) {
            Pruner pruner = new Pruner(repo, policy, ctx.clock(), RepoAccess.snapshotOptions(ctx).lockStaleAfter());
            Pruner.Result r = dryRun ? pruner.dryRun() : pruner.prune();
            if (r.lockNotice() != null) {
                ctx.warn(r.lockNotice());
            }
            if (json) {
                ctx.println(Json.write(json(r)));
            } else {
                print(ctx, repo.location(), r);
            }
            return 0;
        }
    }

    private static ObjectNode json(Pruner.Result r) {
        PrunePlan p = r.plan();
        ObjectNode o = Json.object();
        o.put("applied", r.applied());
        o.put("now", Instants.json(p.now()));
        ObjectNode pol = o.putObject("policy");
        pol.put("changes", RetentionPolicy.text(p.policy().changes()));
        pol.put("daily", RetentionPolicy.text(p.policy().daily()));
        pol.put("weekly", RetentionPolicy.text(p.policy().weekly()));
        pol.put("newest", p.policy().newest());
        pol.put("orphanGrace", RetentionPolicy.text(p.policy().orphanGrace()));
        o.put("bytesFreed", p.bytesFreed());
        o.put("manifestsDeleted", r.manifestsDeleted());
        o.put("objectsDeleted", r.objectsDeleted());
        o.set("stillLocked", Json.mapper().valueToTree(r.stillLocked()));
        ArrayNode items = o.putArray("items");
        for (Item i : p.items()) {
            ObjectNode n = items.addObject();
            n.put("kind", i.kind().name().toLowerCase(java.util.Locale.ROOT));
            n.put("id", i.id());
            n.put("db", i.db());
            n.put("action", i.delete() ? "delete" : "keep");
            n.set("reasons", Json.mapper().valueToTree(i.reasons()));
            n.put("bytes", i.bytes());
            n.set("objectKeys", Json.mapper().valueToTree(i.objectKeys()));
        }
        return o;
    }

    private static void print(CliContext ctx, String location, Pruner.Result r) {
        PrunePlan p = r.plan();
        ctx.println("prune plan for " + location + " at " + Instants.human(p.now()));
        ctx.println("policy: " + p.policy().describe());
        for (Item i : p.of(Kind.SNAPSHOT)) {
            ctx.println(String.format(java.util.Locale.ROOT, "  %-6s snapshot %s (%s, %s): %s", i.delete() ? "DELETE" : "KEEP", i.id(), i.db(),
                    Sizes.human(i.bytes()), String.join("; ", i.reasons())));
        }
        Map<String, List<Item>> byDb = new TreeMap<>();
        for (Item i : p.of(Kind.SEGMENT)) {
            byDb.computeIfAbsent(i.db(), k -> new java.util.ArrayList<>()).add(i);
        }
        byDb.forEach((db, items) -> {
            List<Item> gone = items.stream().filter(Item::delete).toList();
            List<Item> kept = items.stream().filter(i -> !i.delete()).toList();
            if (!gone.isEmpty()) {
                ctx.println(String.format(java.util.Locale.ROOT, "  DELETE %d segment(s) of %s (%s .. %s, %s): %s", gone.size(), db,
                        gone.get(0).id(), gone.get(gone.size() - 1).id(), Sizes.human(sum(gone)),
                        gone.get(gone.size() - 1).reasons().get(0)));
            }
            if (!kept.isEmpty()) {
                ctx.println(String.format(java.util.Locale.ROOT, "  KEEP   %d segment(s) of %s (%s .. %s, %s): %s", kept.size(), db,
                        kept.get(0).id(), kept.get(kept.size() - 1).id(), Sizes.human(sum(kept)),
                        kept.get(0).reasons().get(kept.get(0).reasons().size() - 1)));
            }
        });
        for (Item i : p.of(Kind.ORPHAN)) {
            ctx.println(String.format(java.util.Locale.ROOT, "  %-6s unreferenced object %s (%s): %s", i.delete() ? "DELETE" : "KEEP", i.id(),
                    Sizes.human(i.bytes()), i.reasons().get(0)));
        }
        for (Item i : p.of(Kind.TEMP)) {
            ctx.println(String.format(java.util.Locale.ROOT, "  %-6s unfinished write %s (%s): %s", i.delete() ? "DELETE" : "KEEP", i.id(),
                    Sizes.human(i.bytes()), i.reasons().get(0)));
        }
        String what = p.deletionCounts();
        if (!r.applied()) {
            ctx.println("dry run: nothing deleted; prune would delete " + what + " and free " + Sizes.human(p.bytesFreed()));
        } else {
            if (!r.stillLocked().isEmpty()) {
                ctx.println("still under S3 Object Lock, kept until a later prune: " + String.join(", ", r.stillLocked()));
            }
            ctx.println("pruned " + what + ": " + r.manifestsDeleted() + " manifest(s) and " + r.objectsDeleted()
                    + " object(s) deleted, " + Sizes.human(p.bytesFreed()) + " freed; kept " + p.kept().size() + " item(s)");
        }
    }

    private static long sum(List<Item> items) {
        return items.stream().mapToLong(Item::bytes).sum();
    }
}
