package dev.prodguard.monitor;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.prodguard.devdb.EmbeddedMongo;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * The embedded server, plus answers to the commands it lacks (currentOp, atlasSize,
 * replSetGetStatus...) taken from the documentation-shaped fixtures, so the samplers' AVAILABLE
 * paths run over the real wire protocol and driver. A test changes an answer between rounds.
 */
final class StandInServer implements AutoCloseable {
    private final Map<String, Document> answers = new ConcurrentHashMap<>();
    private final MongoServer server;
    private final MemoryBackend backend;

    StandInServer() {
        MemoryBackend backend = new MemoryBackend() {
            @Override
            public de.bwaldvogel.mongo.bson.Document handleCommand(Channel channel, String db, String command,
                    de.bwaldvogel.mongo.bson.Document query) {
                Document answer = answers.get(command);
                return answer == null ? super.handleCommand(channel, db, command, query) : convert(answer);
            }
        };
        backend.version(EmbeddedMongo.MONGO_6_0);
        this.backend = backend;
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
    }

    /** Answers {@code command} with {@code reply} from now on. */
    void answer(String command, Document reply) {
        answers.put(command, reply);
    }

    /** Writes entries to {@code db.system.profile} as the server's profiler would (clients may not). */
    void profile(String db, List<Document> entries) {
        var database = backend.resolveDatabase(db);
        var existing = database.resolveCollection("system.profile", false);
        var coll = existing != null ? existing : database.createCollectionOrThrowIfExists("system.profile");
        for (Document e : entries) {
            // the real profile collection has no _id index; this stand-in's collections do
            Document withId = new Document("_id", new org.bson.types.ObjectId().toHexString());
            withId.putAll(e);
            coll.addDocument(convert(withId));
        }
    }

    String uri() {
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    private static de.bwaldvogel.mongo.bson.Document convert(Document d) {
        de.bwaldvogel.mongo.bson.Document out = new de.bwaldvogel.mongo.bson.Document();
        d.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof Document d) {
            return convert(d);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(value(x)));
            return out;
        }
        if (v instanceof Date d) {
            return d.toInstant(); // the embedded server's BSON date type
        }
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return String.valueOf(v); // timestamps and the like: not read by the monitor
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
