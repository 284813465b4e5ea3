package dev.prodguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Start-up in parallel: a command that moves data (a backup, a restore) spends its first few hundred
 * milliseconds on one thread, parsing its command line, reading its settings and opening the repository,
 * before its first read from the database; the machine's other core is idle meanwhile. For those commands
 * a background thread runs the data path once on a few bytes, without any I/O (zstd's native library
 * linked, JSON parsed and written, SHA-256 digested, a BSON document encoded and decoded, a driver
 * configuration built), so that the classes, their static initialisers and the native library are ready
 * when the command reaches them. Nothing it does is observable: a failure here is left for the real use
 * to report, and the thread is a daemon that never delays the exit.
 */
final class Warmup {
    /** The commands whose first phase is slow enough, and whose data path long enough, to gain from it. */
    static final Set<String> COMMANDS = Set.of("backup", "restore", "verify", "export", "capture", "guardian", "check");

    private Warmup() {}

    /** Starts the warm-up when {@code command} moves data and returns its thread at once; null for other commands. */
    static Thread startFor(String command) {
        if (command == null || !COMMANDS.contains(command)) {
            return null;
        }
        Thread t = new Thread(Warmup::run, "prodguard-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /** The warm-up itself (tests call it directly). @return the bytes that went round, so that nothing is optimised away */
    static long run() {
        long seen = 0;
        try {
            byte[] sample = new byte[16 * 1024];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = (byte) ("prodguard" .charAt(i % 9) + i / 1024);
            }
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(packed, 1)) {
                z.write(sample);
            }
            try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(packed.toByteArray()))) {
                seen += in.readAllBytes().length;
            }
            // a snapshot hashes every document (SHA-256, a few hundred bytes each): until the JIT's optimising
            // compiler takes the digest over, it runs without the CPU's SHA instructions; a few thousand
            // document-sized digests here get it compiled before the first document arrives
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 6000; i++) {
                sha.update(sample, (i * 64) % (sample.length - 256), 256);
                seen += sha.digest()[0] & 1;
            }
            ObjectMapper json = new ObjectMapper();
            seen += json.writeValueAsString(json.readTree("{\"format\":1,\"ids\":[\"a\",\"b\"],\"at\":\"2026-01-01T00:00:00Z\"}")).length();
            BsonDocument doc = BsonDocument.parse("{\"_id\": {\"$oid\": \"65a1b2c3d4e5f60718293a4b\"}, \"balance\":"
                    + " {\"$numberDecimal\": \"12.50\"}, \"at\": {\"$date\": \"2026-01-01T00:00:00Z\"}}");
            seen += new RawBsonDocument(doc, new BsonDocumentCodec()).getByteBuffer().remaining();
            seen += MongoClientSettings.builder().applyConnectionString(new ConnectionString("mongodb://127.0.0.1:27017/"))
                    .build().getClusterSettings().getHosts().size();
        } catch (Exception | LinkageError e) {
            // the real use reports it, with its context
        }
        return seen;
    }
}
