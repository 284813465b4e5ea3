package dev.prodguard.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.guardian.GuardianHealth;
import dev.prodguard.guardian.JobStatus;
import dev.prodguard.monitor.SamplerStatus;
import dev.prodguard.text.Instants;
import java.time.Instant;

/** Writes {@link GuardianHealth} as the {@code /health} JSON document (times as ISO-8601 UTC strings). */
final class HealthJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HealthJson() {}

    static String write(GuardianHealth h) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("status", h.status());
        o.put("httpStatus", h.httpStatus());
        ArrayNode reasons = o.putArray("reasons");
        for (GuardianHealth.Reason r : h.reasons()) {
            reasons.addObject().put("code", r.code()).put("level", r.level()).put("message", r.message());
        }
        o.put("at", text(h.at()));
        ObjectNode database = o.putObject("database");
        if (h.database().reachable() == null) {
            database.putNull("reachable");
        } else {
            database.put("reachable", h.database().reachable());
        }
        database.put("lastOkAt", text(h.database().lastOkAt())).put("unreachableSince", text(h.database().unreachableSince()))
                .put("problem", h.database().problem());
        ObjectNode last = o.putObject("lastSnapshot");
        last.put("id", h.lastSnapshot().id());
        last.put("finishedAt", text(h.lastSnapshot().finishedAt()));
        last.put("ageSeconds", h.lastSnapshot().ageSeconds());
        ObjectNode capture = o.putObject("capture").put("state", h.capture());
        h.captureDetails().forEach((k, v) -> capture.set(k, MAPPER.valueToTree(v)));
        ArrayNode tasks = o.putArray("tasks");
        for (GuardianHealth.TaskState t : h.tasks()) {
            tasks.addObject().put("name", t.name()).put("state", t.state()).put("healthy", t.healthy());
        }
        ArrayNode jobs = o.putArray("jobs");
        for (JobStatus j : h.jobs()) {
            jobs.addObject().put("name", j.name()).put("schedule", j.schedule()).put("running", j.running())
                    .put("lastSuccess", text(j.lastSuccess())).put("lastSummary", j.lastSummary())
                    .put("lastFailure", text(j.lastFailure())).put("lastError", j.lastError())
                    .put("nextRun", text(j.nextRun())).put("successes", j.successes()).put("failures", j.failures());
        }
        ArrayNode samplers = o.putArray("monitor");
        for (SamplerStatus s : h.samplers()) {
            ObjectNode n = samplers.addObject().put("name", s.name()).put("capability", s.capability().describe())
                    .put("lastSampleAt", text(s.lastSampleAt())).put("lastError", s.lastError());
            ObjectNode values = n.putObject("lastValues");
            s.lastValues().forEach(values::put);
        }
        o.putObject("alerts").put("open", h.openAlerts());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Instant t) {
        return Instants.json(t);
    }
}
