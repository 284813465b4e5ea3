package dev.prodguard.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.util.List;

/**
 * The raw driver limit as a process of its own, started with the same java command line as prodguard: a
 * drain of every collection ({@code drain URI DB PARALLELISM BATCH COLLECTION,...}) or an unordered insert of
 * spooled documents into a new database ({@code insert URI DB PARALLELISM BATCH COLLECTION,... SPOOL_DIR MAX_BATCH_BYTES}), exactly as
 * {@link RawTransfer} does in-process; prints {@code {"documents": N, "rawBytes": B}}. What a program that
 * only uses the driver pays for starting, as the whole-process figures compared against a script
 * with the official driver.
 */
public final class RawProcess {
    private RawProcess() {}

    /** Runs one raw transfer; see the class comment for the arguments. */
    public static void main(String[] args) {
        if (args.length < 6 || (args[0].equals("insert") && args.length < 8)) {
            System.err.println("usage: RawProcess drain|insert URI DB PARALLELISM BATCH COLLECTION,... [SPOOL_DIR MAX_BATCH_BYTES]");
            System.exit(2);
        }
        int parallelism = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        List<String> collections = List.of(args[5].split(","));
        RawTransfer.Totals t;
        try (MongoClient client = MongoClients.create(args[1])) {
            MongoDatabase db = client.getDatabase(args[2]);
            t = args[0].equals("drain") ? RawTransfer.drain(db, collections, batch, parallelism, null)
                    : RawTransfer.insert(db, collections, Path.of(args[6]), batch, Long.parseLong(args[7]), parallelism);
        }
        System.out.println("{\"documents\": " + t.documents() + ", \"rawBytes\": " + t.bytes() + "}");
        System.exit(0);
    }
}
