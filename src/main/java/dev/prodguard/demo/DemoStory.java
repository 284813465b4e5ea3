package dev.prodguard.demo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.cli.CliContext;
import dev.prodguard.cli.Main;
import dev.prodguard.devdb.EmbeddedMongo;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-minute showcase on the embedded database: seed an exchange, check the connection and the
 * environment fence, back up, wipe the database the way a preview reset does, restore, and prove the
 * books balance. Every step runs the real CLI command in-process, so the demo shows exactly what a
 * user would type. It never reads the user's MONGO_URL: it only talks to its own embedded database.
 */
public final class DemoStory {
    public static final String DB = "coinhubx_production";
    private final CliContext ctx;
    private final Path dir;
    private final int users;
    private final Path dataFile;

    /** The outcome: whether every step did what it should, and the facts shown. */
    public record Outcome(boolean ok, String snapshotId, long documentsBefore, long documentsRestored,
            BooksResult booksAfterRestore, List<String> failures) {}

    /** @param dataFile null for an in-memory database (fast), else an H2 file kept between runs */
    public DemoStory(CliContext ctx, Path dir, int users, Path dataFile) {
        this.ctx = ctx;
        this.dir = dir;
        this.users = users;
        this.dataFile = dataFile;
    }

    /** Runs the story; {@code keep} leaves the embedded database running until Ctrl-C. */
    public Outcome run(boolean keep) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("prodguard.yml"), "# written by prodguard demo\n" + BooksCheck.INVARIANTS_YAML);
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write the demo folder " + dir + ": " + e.getMessage()
                    + "; set PRODGUARD_DEMO_DIR to a writable folder");
        }
        EmbeddedMongo db = EmbeddedMongo.start(0, dataFile);
        try (MongoClient client = MongoClients.create(db.uri())) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("MONGO_URL", db.uri());
            env.put("DB_NAME", DB);
            env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
            env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
            env.put("PRODGUARD_CONNECT_TIMEOUT_MS", "3000");
            MongoDatabase mdb = client.getDatabase(DB);

            title("1. An exchange on a throwaway embedded database at " + db.uri() + " ("
                    + (dataFile == null ? "in memory" : "data file " + dataFile) + "; repository in " + dir + ")");
            if (mdb.getCollection(ExchangeDataset.WALLETS).estimatedDocumentCount() == 0) {
                DatasetSummary s = new ExchangeDataset(42, users).writeTo(mdb);
                say("seeded " + s.totalDocuments() + " documents: " + s.documents());
            } else {
                say("reusing the exchange seeded by an earlier demo run");
            }
            db.commit();
            BooksResult before = BooksCheck.evaluate(mdb);
            say("books: " + before.summary());
            long docsBefore = countAll(mdb);

            title("2. prodguard doctor: the guide's connection test, layer by layer");
            step(env, failures, 0, "doctor");

            title("3. prodguard gate: the environment fence (as preview, then as if this were production)");
            step(env, failures, 0, "gate");
            Map<String, String> prod = new LinkedHashMap<>(env);
            prod.put("PRODUCTION", "true");
            say("now with PRODUCTION=true: production must never run on a local, throwaway database:");
            step(prod, failures, ErrorCode.CHECK_FAILED.exitCode(), "gate");

            title("4. prodguard backup: a snapshot into the repository " + dir.resolve("repo"));
            step(env, failures, 0, "backup");
            String snapshot = latestSnapshotId(env);

            title("5. The wipe: the database is dropped, the way a preview reset does it");
            client.getDatabase(DB).drop();
            db.commit();
            say("dropped " + DB + ": " + countAll(mdb) + " documents left; books: "
                    + BooksCheck.evaluate(mdb).summary());

            title("6. prodguard restore: back into " + DB + " (it is empty now, so no --force is needed)");
            step(env, failures, 0, "restore", "--snapshot", "latest", "--target-db", DB, "--dry-run");
            step(env, failures, 0, "restore", "--snapshot", "latest", "--target-db", DB);
            db.commit();
            long docsAfter = countAll(mdb);
            BooksResult after = BooksCheck.evaluate(mdb);
            say("restored " + docsAfter + " of " + docsBefore + " documents; books: " + after.summary());
            if (docsAfter != docsBefore) {
                failures.add("restored " + docsAfter + " documents, expected " + docsBefore);
            }
            if (!after.balanced()) {
                failures.add("books do not balance after the restore: " + after.discrepancies());
            }

            title("7. prodguard verify --restore: prove the backup restores, with the books invariant");
            step(env, failures, 0, "verify", "--restore");

            title(failures.isEmpty() ? "Done: wiped and restored, books balanced." : "Demo finished with problems:");
            failures.forEach(f -> say("✗ " + f));
            say("The repository stays in " + dir.resolve("repo") + ". Try, with `./prodguard demo --keep` running:");
            say("  export MONGO_URL=" + db.uri() + " DB_NAME=" + DB + " PRODGUARD_REPO=" + dir.resolve("repo"));
            say("  ./prodguard status; ./prodguard list; ./prodguard restore --snapshot latest --dry-run");
            say("Snapshots alone lose what changed after them: run `prodguard capture` beside your app and restore");
            say("to any second (`prodguard restore --to before-last-drop`); `prodguard run` schedules snapshots,");
            say("restore tests and monitoring.");
            if (keep) {
                say("The embedded database keeps running at " + db.uri() + "; press Ctrl-C to stop.");
                Thread.currentThread().join();
            }
            return new Outcome(failures.isEmpty(), snapshot, docsBefore, docsAfter, after, failures);
        } finally {
            db.close();
        }
    }

    private void step(Map<String, String> env, List<String> failures, int expected, String... args) {
        ctx.println("$ prodguard " + String.join(" ", args));
        CliContext inner = new CliContext(env, dir, ctx.home(), ctx.out(), ctx.err(), ctx.clock(), false);
        int code = Main.run(inner, args);
        if (code != expected) {
            failures.add("prodguard " + String.join(" ", args) + " exited " + code + ", expected " + expected);
        }
    }

    private String latestSnapshotId(Map<String, String> env) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
        CliContext inner = new CliContext(env, dir, ctx.home(), ps, ps, ctx.clock(), false);
        Main.run(inner, "list", "--json");
        String json = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    private static long countAll(MongoDatabase db) {
        long n = 0;
        for (String c : db.listCollectionNames()) {
            if (!c.startsWith("prodguard_")) {
                n += db.getCollection(c).countDocuments();
            }
        }
        return n;
    }

    private void title(String s) {
        ctx.println("");
        ctx.println("== " + s);
    }

    private void say(String s) {
        ctx.println(s);
    }
}
