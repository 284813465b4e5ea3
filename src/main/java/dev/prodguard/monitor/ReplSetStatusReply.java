package dev.prodguard.monitor;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * The parts of {@code replSetGetStatus} the monitor reads: the set name and each member's name,
 * state and, for the primary, {@code electionDate} (when it won its election).
 */
public record ReplSetStatusReply(String set, List<Member> members) {

    /** One member: host:port, {@code stateStr} (PRIMARY, SECONDARY...), election date when primary. */
    public record Member(String name, String state, Instant electionDate) {}

    /** Parses a reply. */
    public static ReplSetStatusReply parse(Document reply) {
        List<Member> members = Bson.docs(reply, "members").stream().map(m -> {
            Date d = Bson.date(m, "electionDate");
            return new Member(Bson.str(m, "name"), Bson.str(m, "stateStr"), d == null ? null : d.toInstant());
        }).toList();
        return new ReplSetStatusReply(Bson.str(reply, "set"), members);
    }

    /** The primary member, when the set has one. */
    public Optional<Member> primary() {
        return members.stream().filter(m -> "PRIMARY".equals(m.state())).findFirst();
    }
}
