package dev.prodguard.web.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.http.HttpReply;
import dev.prodguard.status.TimelineReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Chart data the API does not serve, in the shape of {@code /api/metrics/<sampler>} (so one script draws both):
 * capture's lag per committed segment, from the repository's history.
 */
final class DataJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DataJson() {}

    /** Capture's lag over the last {@code hours}. */
    static HttpReply lag(TimelineReport t, int hours, Instant now) {
        Instant from = now.minusSeconds(hours * 3600L);
        List<Map<String, Object>> points = t.lag().stream().filter(l -> !l.committedAt().isBefore(from))
                .map(l -> Map.<String, Object>of("at", l.committedAt().toString(), "value", l.millis())).toList();
        Map<String, Object> series = Map.of("metric", "capture.lag_ms", "subject", t.db(), "points", points);
        try {
            return HttpReply.json(200, MAPPER.writeValueAsString(Map.of("sampler", "capture-lag", "hours", hours,
                    "from", from.toString(), "to", now.toString(), "series", points.isEmpty() ? List.of() : List.of(series))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
