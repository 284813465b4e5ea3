package dev.prodguard.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import dev.prodguard.devdb.EmbeddedMongo;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded server with one deviation taken away (docs/embedded-server.md): an ordered multi-statement
 * {@code update} stops at its first rejected statement, as a real server's does, instead of going on. Each
 * statement runs as an update of its own and the replies are combined into the one a real server gives
 * ({@code n}, {@code nModified}, {@code upserted} and {@code writeErrors} with the statements' indexes). For
 * tests that compare batched writes with one-at-a-time writes statement for statement; other tests keep the
 * plain embedded server.
 */
public final class OrderedUpdateServer implements AutoCloseable {
    private final MongoServer server;
    private final String uri;

    private OrderedUpdateServer(MongoServer server) {
        this.server = server;
        this.uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    /** Starts one on a free port of 127.0.0.1. */
    public static OrderedUpdateServer start() {
        MemoryBackend backend = new MemoryBackend() {
            @Override
            public MemoryDatabase openOrCreateDatabase(String name) {
                return new StoppingDatabase(name, getCursorRegistry());
            }
        };
        backend.version(EmbeddedMongo.MONGO_6_0);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        return new OrderedUpdateServer(server);
    }

    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static final class StoppingDatabase extends MemoryDatabase {
        StoppingDatabase(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
            Object updates = query.get("updates");
            if (!"update".equals(command) || Boolean.FALSE.equals(query.get("ordered")) || !(updates instanceof List<?> list)
                    || list.size() < 2) {
                return super.handleCommand(channel, command, query, resolver, oplog);
            }
            long n = 0;
            long modified = 0;
            List<Document> upserted = new ArrayList<>();
            List<Document> errors = new ArrayList<>();
            for (int i = 0; i < list.size() && errors.isEmpty(); i++) {
                Document one = new Document();
                query.forEach(one::put);
                one.put("updates", List.of(list.get(i)));
                Document r = super.handleCommand(channel, command, one, resolver, oplog);
                n += ((Number) r.getOrDefault("n", 0)).longValue();
                modified += ((Number) r.getOrDefault("nModified", 0)).longValue();
                for (Object u : listOf(r.get("upserted"))) {
                    Document d = copy((Document) u);
                    d.put("index", i);
                    upserted.add(d);
                }
                for (Object e : listOf(r.get("writeErrors"))) {
                    Document d = copy((Document) e);
                    d.put("index", i);
                    errors.add(d);
                }
            }
            Document reply = new Document();
            reply.put("n", (int) n);
            reply.put("nModified", (int) modified);
            if (!upserted.isEmpty()) {
                reply.put("upserted", upserted);
            }
            if (!errors.isEmpty()) {
                reply.put("writeErrors", errors);
            }
            reply.put("ok", 1.0);
            return reply;
        }

        private static List<?> listOf(Object o) {
            return o instanceof List<?> l ? l : List.of();
        }

        private static Document copy(Document d) {
            Document out = new Document();
            d.forEach(out::put);
            return out;
        }
    }
}
