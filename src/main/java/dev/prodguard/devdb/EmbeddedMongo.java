package dev.prodguard.devdb;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded MongoDB-compatible server (mongo-java-server) used by {@code dev-db}, the demo and
 * the tests. A throwaway database for development and demos, never for production data: it lacks
 * authentication, transactions and real indexes, and its file backend can lose acknowledged writes
 * on a crash. It reports MongoDB 6.0 (wire 17) so that the Node driver and mongosh connect too.
 */
public final class EmbeddedMongo implements AutoCloseable {
    /** MongoDB 6.0 / wire version 17. */
    public static final MongoVersion MONGO_6_0 = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(6, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 17;
        }
    };

    private final MongoServer server;
    private final AbstractMongoBackend backend;
    private final InetSocketAddress address;
    private final Path dataFile;

    private EmbeddedMongo(AbstractMongoBackend backend, MongoServer server, InetSocketAddress address, Path dataFile) {
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.dataFile = dataFile;
    }

    /** Starts an in-memory server on 127.0.0.1 and a free port. */
    public static EmbeddedMongo startInMemory() {
        return start(0, null);
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port 0 for any free port
     * @param dataFile null for memory; otherwise an H2 file created when missing
     */
    public static EmbeddedMongo start(int port, Path dataFile) {
        AbstractMongoBackend backend;
        if (dataFile == null) {
            backend = new MemoryBackend();
        } else {
            try {
                Path parent = dataFile.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create " + dataFile.getParent() + ": " + e.getMessage(), e);
            }
            backend = new H2Backend(dataFile.toAbsolutePath().toString());
        }
        backend.version(MONGO_6_0);
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        server.bind("127.0.0.1", port);
        return new EmbeddedMongo(backend, server, server.getLocalAddress(), dataFile);
    }

    /** The connection string, e.g. mongodb://127.0.0.1:27017 */
    public String uri() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    public Path dataFile() {
        return dataFile;
    }

    /** Flushes the file backend so that what was written survives a stop (no-op in memory). */
    public void commit() {
        if (backend instanceof H2Backend h2) {
            h2.commit();
        }
    }

    /** Stops accepting connections and closes open ones, keeping the data (simulates an outage). */
    public void stopListening() {
        server.stopListening();
    }

    @Override
    public void close() {
        commit();
        server.shutdownNow();
    }
}
