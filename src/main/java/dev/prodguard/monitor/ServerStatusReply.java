package dev.prodguard.monitor;

import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;

/**
 * The parts of a {@code serverStatus} reply the monitor reads: the process name, the
 * {@code connections} document and the {@code opcounters} document. Either document may be absent
 * (Atlas free clusters return a restricted field list; the embedded server has no opcounters).
 */
public record ServerStatusReply(String process, Optional<Connections> connections, Optional<OpCounters> opcounters) {

    /** {@code serverStatus.connections}: current, and available (empty when the server does not say). */
    public record Connections(long current, OptionalLong available, OptionalLong totalCreated) {}

    /** {@code serverStatus.opcounters}: operations since the server started, by type. */
    public record OpCounters(long insert, long query, long update, long delete, long getmore, long command) {
        /** The counters by metric suffix, in a fixed order. */
        public long[] values() {
            return new long[] {insert, query, update, delete, getmore, command};
        }

        /** Names matching {@link #values()}. */
        public static final String[] NAMES = {"insert", "query", "update", "delete", "getmore", "command"};
    }

    /** Parses a reply; missing sections stay empty, never an exception. */
    public static ServerStatusReply parse(Document reply) {
        String process = Bson.str(reply, "process");
        Optional<Connections> conns = Optional.empty();
        if (Bson.num(reply, "connections.current").isPresent()) {
            conns = Optional.of(new Connections(Bson.lng(reply, "connections.current", 0),
                    optLong(reply, "connections.available"), optLong(reply, "connections.totalCreated")));
        }
        Optional<OpCounters> ops = Optional.empty();
        Document oc = Bson.doc(reply, "opcounters");
        if (oc != null && Bson.num(oc, "insert").isPresent()) {
            ops = Optional.of(new OpCounters(Bson.lng(oc, "insert", 0), Bson.lng(oc, "query", 0),
                    Bson.lng(oc, "update", 0), Bson.lng(oc, "delete", 0), Bson.lng(oc, "getmore", 0),
                    Bson.lng(oc, "command", 0)));
        }
        return new ServerStatusReply(process, conns, ops);
    }

    /** True when the reply comes from mongod or mongos (the embedded stand-in says "java"). */
    public boolean realMongo() {
        return process != null && (process.startsWith("mongod") || process.startsWith("mongos"));
    }

    private static OptionalLong optLong(Document d, String path) {
        var n = Bson.num(d, path);
        return n.isPresent() ? OptionalLong.of((long) n.getAsDouble()) : OptionalLong.empty();
    }
}
