package dev.prodguard.gate;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one gate run: every violation found (offline rules first, then server rules),
 * what the server turned out to be, its marker, what --mark did, and the failure that stopped the
 * run early (e.g. the database was unreachable), if any.
 *
 * @param configured the environment the configuration claims (PRODUCTION true: production)
 * @param hosts the MONGO_URL hosts (host:port), never the credentials
 */
public record GateResult(Environment configured, String database, List<String> hosts, List<Violation> violations,
        Optional<ServerIdentity> server, Optional<EnvironmentMarker.Marker> marker, Optional<String> markNote,
        Optional<ProdguardException> failure) {

    public GateResult {
        violations = List.copyOf(violations);
        hosts = List.copyOf(hosts);
    }

    /** True when every rule passed and nothing failed: the application may start. */
    public boolean ok() {
        return violations.isEmpty() && failure.isEmpty();
    }

    /** 0 when ok; the failure's code (e.g. 4 CONNECTION) when one stopped the run; else 1 CHECK_FAILED. */
    public int exitCode() {
        if (failure.isPresent()) {
            return failure.get().code().exitCode();
        }
        return violations.isEmpty() ? ErrorCode.OK.exitCode() : ErrorCode.CHECK_FAILED.exitCode();
    }

    /** The ids of the rules that failed, in order (for tests and summaries). */
    public List<String> ruleIds() {
        return violations.stream().map(Violation::rule).toList();
    }
}
