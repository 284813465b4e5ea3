package dev.prodguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.gate.Environment;
import dev.prodguard.gate.Gate;
import dev.prodguard.gate.GateFacts;
import dev.prodguard.gate.GateResult;
import dev.prodguard.gate.Violation;
import dev.prodguard.text.Instants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard gate}: the environment fence, run before the application starts. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {
            "Check the environment fence before the application starts.",
            "With PRODUCTION=true it fails on a loopback, private, link-local or container host, on "
                    + "the embedded server, on TLS turned off and on a weak password. In any environment it "
                    + "fails when the database's marker disagrees with PRODUCTION.",
            "Exit codes: 0 ok, 1 violations, 3 bad configuration, 4 database unreachable, 7 when "
                    + "--mark is refused."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard gate && node server.js",
            "  prodguard gate --mark production",
            "  prodguard gate --json"})
public final class GateCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--mark", paramLabel = "production|preview",
            description = "Write the environment marker into DB_NAME.prodguard_meta (needs write access),"
                    + " then check. Must match PRODUCTION.")
    Environment mark;

    @Option(names = "--force", description = "With --mark: replace a marker of another environment.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object (ok, exitCode, violations) instead of lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        if (force && mark == null) {
            throw ProdguardException.usage("--force only applies to --mark; use gate --mark <env> --force");
        }
        Settings s = ctx.settings();
        GateFacts facts = GateFacts.offline(s.production(), s.mongo(), s.dbName(), s.bool(ConfigKey.ALLOW_NO_TLS));
        Gate gate = new Gate(ctx.clock(), ctx.hostName());
        int timeout = s.intValue(ConfigKey.CONNECT_TIMEOUT_MS);
        GateResult result = mark == null ? gate.check(facts, timeout) : gate.mark(facts, timeout, mark, force);
        if (json) {
            ctx.println(toJson(result));
            return result.exitCode();
        }
        result.markNote().ifPresent(n -> ctx.println("gate: " + n));
        for (Violation v : result.violations()) {
            ctx.println("FAIL " + v.line()); // ASCII: startup logs often run without a UTF-8 locale
        }
        if (result.failure().isPresent()) {
            throw result.failure().get(); // one line on stderr, exit code from the failure
        }
        if (!result.violations().isEmpty()) {
            ctx.error("error: gate failed: " + result.violations().size() + " violation"
                    + (result.violations().size() == 1 ? "" : "s") + "; do not start the application");
            return ErrorCode.CHECK_FAILED.exitCode();
        }
        ctx.println("gate: ok: " + result.configured().wireName() + " configuration, database '"
                + result.database() + "'" + result.marker().map(m -> " marked " + m.describe()).orElse(" (unmarked)")
                + result.server().map(id -> ", MongoDB " + id.version() + (id.embedded() ? " (embedded server)" : ""))
                        .orElse(""));
        return ErrorCode.OK.exitCode();
    }

    static String toJson(GateResult r) throws Exception {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ok", r.ok());
        o.put("exitCode", r.exitCode());
        o.put("environment", r.configured().wireName());
        o.put("database", r.database());
        o.put("hosts", r.hosts());
        List<Map<String, String>> vs = new ArrayList<>();
        for (Violation v : r.violations()) {
            Map<String, String> one = new LinkedHashMap<>();
            one.put("rule", v.rule());
            one.put("message", v.message());
            vs.add(one);
        }
        o.put("violations", vs);
        o.put("marker", r.marker().map(m -> {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("environment", m.environment());
            mm.put("markedAt", Instants.json(m.markedAt()));
            mm.put("markedByHost", m.markedByHost());
            return mm;
        }).orElse(null));
        o.put("embeddedServer", r.server().map(id -> id.embedded()).orElse(null));
        o.put("marked", r.markNote().orElse(null));
        o.put("error", r.failure().map(Throwable::getMessage).orElse(null));
        return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
    }

}
