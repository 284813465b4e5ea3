package dev.prodguard.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertJson;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Secrets;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.http.FormBody;
import dev.prodguard.http.HttpCall;
import dev.prodguard.http.HttpReply;
import dev.prodguard.monitor.SampleStore;
import dev.prodguard.status.StatusJson;
import dev.prodguard.status.StatusReport;
import dev.prodguard.status.StatusService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian's read-only JSON API under {@code /api}, behind {@code Authorization: Bearer <token>}:
 * {@code status}, {@code alerts?state=open|all&limit=N}, {@code jobs} and {@code metrics/<sampler>?hours=N}.
 * A missing or wrong token gets 401 and nothing else; only GET is allowed; every reply is scrubbed of secrets.
 */
public final class GuardianApi {
    /** Default and largest {@code limit} of {@code /api/alerts}. */
    static final int ALERTS_DEFAULT = 100;
    static final int ALERTS_MAX = 1000;
    /** Default and largest {@code hours} of {@code /api/metrics/<sampler>} (the roll-ups keep 400 days). */
    static final int HOURS_DEFAULT = 24;
    static final int HOURS_MAX = SampleStore.ROLLUP_DAYS * 24;

    private static final Logger LOG = LoggerFactory.getLogger(GuardianApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PREFIX = "/api/";

    private final Guardian guardian;
    private final ApiToken token;

    /** The API of {@code guardian} behind {@code token}. */
    public GuardianApi(Guardian guardian, ApiToken token) {
        this.guardian = guardian;
        this.token = token;
    }

    private record Reply(int status, Object body) {}

    /** A bad request parameter: 400 with this message. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** Answers one request under /api: 401 before anything else without the token, then 405, then the route. */
    HttpReply handle(HttpCall call) {
        if (!token.accepts(call.header("Authorization"))) {
            return reply(new Reply(401, new ApiJson.Error("unauthorized"))).withHeader("WWW-Authenticate",
                    "Bearer realm=\"prodguard\"");
        }
        return answer(call);
    }

    /**
     * Answers a read-only request under /api for a caller already authenticated another way (the dashboard's
     * signed-in session): 405 for anything but GET, then the route.
     */
    public HttpReply answer(HttpCall call) {
        if (!call.method().equals("GET")) {
            return reply(new Reply(405, new ApiJson.Error("only GET is allowed"))).withHeader("Allow", "GET");
        }
        String path = call.path();
        Reply r;
        try {
            r = route(path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "", query(call.rawQuery()));
        } catch (BadRequest e) {
            r = new Reply(400, new ApiJson.Error(e.getMessage()));
        } catch (Exception e) {
            LOG.warn("{} failed: {}", path, Secrets.scrub(String.valueOf(e.getMessage())));
            r = new Reply(500, new ApiJson.Error("internal error; see the guardian's log"));
        }
        return reply(r);
    }

    private Reply route(String path, Map<String, String> query) throws IOException {
        if (path.equals("status")) {
            return new Reply(200, status());
        }
        if (path.equals("alerts")) {
            return new Reply(200, alerts(query));
        }
        if (path.equals("jobs")) {
            return new Reply(200, new ApiJson.Jobs(guardian.jobs().stream().map(ApiJson.Job::of).toList()));
        }
        if (path.startsWith("metrics/")) {
            String sampler = path.substring("metrics/".length());
            List<String> metrics = MetricFamilies.metrics(sampler);
            if (!metrics.isEmpty()) {
                return new Reply(200, metrics(sampler, metrics, query));
            }
            return new Reply(404, new ApiJson.Error("no sampler '" + sampler + "'; known: "
                    + String.join(", ", MetricFamilies.slugs())));
        }
        return new Reply(404, new ApiJson.Error("not found; the API has /api/status, /api/alerts, /api/jobs and"
                + " /api/metrics/<sampler>"));
    }

    /** /health's document plus the repository as {@code prodguard status --json} shows it, with the open alerts. */
    private ObjectNode status() throws IOException {
        ObjectNode o = (ObjectNode) MAPPER.readTree(HealthJson.write(guardian.health()));
        StatusReport r = new StatusService(guardian.repository(), guardian.settings().path(ConfigKey.STATE_DIR))
                .reportWithCosts(guardian.clock().instant(), guardian.settings().longValue(ConfigKey.TRANSFER_BUDGET_MB))
                .withOpenAlerts(guardian.alerts().active());
        o.set("repository", StatusJson.of(r));
        return o;
    }

    private ApiJson.Alerts alerts(Map<String, String> query) {
        String state = query.getOrDefault("state", "open");
        if (!state.equals("open") && !state.equals("all")) {
            throw new BadRequest("state must be 'open' or 'all'");
        }
        int limit = intParam(query, "limit", ALERTS_DEFAULT, ALERTS_MAX);
        List<Alert> alerts = state.equals("open") ? guardian.alerts().active() : guardian.alerts().history(limit);
        return new ApiJson.Alerts(state, limit, alerts.stream().limit(limit).map(AlertJson::of).toList());
    }

    private ApiJson.Metrics metrics(String sampler, List<String> metrics, Map<String, String> query) {
        int hours = intParam(query, "hours", HOURS_DEFAULT, HOURS_MAX);
        Instant to = guardian.clock().instant().plusMillis(1); // the store's range is [from, to): include now
        Instant from = to.minus(Duration.ofHours(hours));
        SampleStore store = guardian.samples();
        List<ApiJson.Series> series = new ArrayList<>();
        for (String metric : metrics) {
            for (String subject : store.subjects(metric)) {
                List<ApiJson.Point> points = store.series(metric, subject, from, to).stream().map(ApiJson.Point::of)
                        .toList();
                if (!points.isEmpty()) {
                    series.add(new ApiJson.Series(metric, subject, points));
                }
            }
        }
        return new ApiJson.Metrics(sampler, hours, from.toString(), to.toString(), series);
    }

    private static int intParam(Map<String, String> query, String name, int dflt, int max) {
        String v = query.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadRequest(name + " must be a whole number from 1 to " + max);
    }

    private static Map<String, String> query(String raw) {
        try {
            return FormBody.decode(raw);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query string is not valid percent-encoding");
        }
    }

    private static HttpReply reply(Reply r) {
        try {
            return HttpReply.json(r.status(), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r.body()));
        } catch (JsonProcessingException e) {
            LOG.warn("could not write the API reply: {}", Secrets.scrub(e.getOriginalMessage()));
            return HttpReply.json(500, "{\"error\":\"internal error; see the guardian's log\"}");
        }
    }
}
