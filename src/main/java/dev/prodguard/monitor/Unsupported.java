package dev.prodguard.monitor;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import dev.prodguard.config.Secrets;
import dev.prodguard.connect.ConnectionProblem;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells "this server does not offer that" (a missing command, a command Atlas forbids on free
 * clusters, a privilege the user lacks, no replica set) apart from a passing failure (network,
 * timeout), which is retried on the next sample.
 */
final class Unsupported {
    /** CommandNotFound, Unauthorized, NoReplicationEnabled, CommandNotSupported, IllegalOperation, AtlasError, unknown stage. */
    private static final Set<Integer> CODES = Set.of(59, 13, 76, 115, 20, 8000, 40324, 40415, 168);

    private Unsupported() {}

    /** The reason when {@code e} means the source is not available here; empty for a passing failure. */
    static Optional<String> reason(MongoException e) {
        if (!(e instanceof MongoCommandException c)) {
            return Optional.empty();
        }
        String msg = c.getErrorMessage() == null ? "" : c.getErrorMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        boolean unsupported = CODES.contains(c.getErrorCode()) || lower.contains("not allowed")
                || lower.contains("no such command") || lower.contains("not authorized")
                || lower.contains("not supported");
        if (!unsupported) {
            return Optional.empty();
        }
        String name = c.getErrorCodeName() == null || c.getErrorCodeName().isEmpty() ? "" : " (" + c.getErrorCodeName() + ")";
        return Optional.of(Secrets.scrub(oneLine(msg)) + name);
    }

    /** A short one-line text of any failure, for status and logs. */
    static String describe(RuntimeException e) {
        ConnectionProblem p = e instanceof MongoCommandException ? null : ConnectionProblem.of(e);
        if (p != null) {
            return Secrets.scrub(p.line());
        }
        String msg = e instanceof MongoCommandException c ? c.getErrorMessage() : e.getMessage();
        return Secrets.scrub(oneLine(msg == null ? e.getClass().getSimpleName() : msg));
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
