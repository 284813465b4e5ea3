package dev.prodguard.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.prodguard.devdb.EmbeddedMongo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * The training run of the launcher's class-data archive ({@code -XX:ArchiveClassesAtExit}): the commands
 * people wait for, in-process, against a throwaway embedded server and repository in a temporary
 * directory, so that the classes they load are in the archive and later starts map them instead of
 * loading them from the jar. Reads no configuration of the user's and prints nothing.
 */
public final class StartupTraining {
    /** The system property that makes the entry point run this instead of a command. */
    public static final String PROPERTY = "prodguard.startup.training";

    private StartupTraining() {}

    /**
     * Runs every training command with {@code more} commands beside the core ones, as the entry point runs them
     * ({@link Main#run(CliContext, List, String...)}): reading their annotations loads classes too. Returns how many
     * exited 0.
     */
    public static int run(List<Class<?>> more) {
        Path dir;
        try {
            dir = Files.createTempDirectory("prodguard-training");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int ok = 0;
        try (EmbeddedMongo server = EmbeddedMongo.startInMemory()) {
            seed(server.uri());
            // with variables every real environment has beside prodguard's (PATH, HOME), whose did-you-mean check loads classes too
            Map<String, String> env = Map.of("MONGO_URL", server.uri(), "DB_NAME", "training", "PRODUCTION", "false",
                    "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                    "PRODGUARD_CONNECT_TIMEOUT_MS", "2000", "PATH", "/usr/bin:/bin", "HOME", dir.resolve("home").toString());
            for (List<String> args : commands()) {
                CliContext ctx = new CliContext(env, dir, dir.resolve("home"), nowhere, nowhere, Clock.systemUTC(), false);
                ok += Main.run(ctx, more, args.toArray(String[]::new)) == 0 ? 1 : 0;
            }
            // gate's production rules (it fails them here: loopback, no TLS, no password)
            Map<String, String> production = new java.util.HashMap<>(env);
            production.put("PRODUCTION", "true");
            Main.run(new CliContext(production, dir, dir.resolve("home"), nowhere, nowhere, Clock.systemUTC(), false), more, "gate");
        } finally {
            delete(dir);
        }
        return ok;
    }

    private static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("--version"));
        out.add(List.of("--help"));
        out.add(List.of("gate"));
        out.add(List.of("gate", "--json"));
        out.add(List.of("doctor", "--json"));
        out.add(List.of("backup"));
        out.add(List.of("backup", "--json"));
        out.add(List.of("list", "--json"));
        out.add(List.of("status", "--json"));
        out.add(List.of("restore", "--snapshot", "latest", "--target-db", "training_restored", "--json"));
        out.add(List.of("restore", "--snapshot", "latest", "--target-db", "training_restored_2"));
        out.add(List.of("verify", "--json"));
        return out;
    }

    private static void seed(String uri) {
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> c = client.getDatabase("training").getCollection("accounts");
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                docs.add(new Document("_id", i).append("name", "account " + i).append("balance", new org.bson.types.Decimal128(i)));
            }
            c.insertMany(docs);
            c.createIndex(new Document("name", 1));
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
