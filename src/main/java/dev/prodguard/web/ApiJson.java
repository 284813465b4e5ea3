package dev.prodguard.web;

import dev.prodguard.alert.AlertJson;
import dev.prodguard.guardian.JobStatus;
import dev.prodguard.monitor.SeriesPoint;
import dev.prodguard.text.Instants;
import java.time.Instant;
import java.util.List;

/** The small documents of the guardian's JSON API (times as ISO-8601 UTC strings). */
final class ApiJson {
    private ApiJson() {}

    /** Any non-200 reply. */
    record Error(String error) {}

    /** {@code GET /api/jobs}. */
    record Jobs(List<Job> jobs) {}

    /** One scheduled job's record. */
    record Job(String name, String schedule, boolean running, boolean failing, String lastStart, String lastSuccess,
            String lastSummary, String lastFailure, String lastError, String nextRun, long successes, long failures) {
        static Job of(JobStatus j) {
            return new Job(j.name(), j.schedule(), j.running(), j.failing(), text(j.lastStart()), text(j.lastSuccess()),
                    j.lastSummary(), text(j.lastFailure()), j.lastError(), text(j.nextRun()), j.successes(), j.failures());
        }
    }

    /** {@code GET /api/alerts}. */
    record Alerts(String state, int limit, List<AlertJson> alerts) {}

    /** {@code GET /api/metrics/<sampler>}. */
    record Metrics(String sampler, int hours, String from, String to, List<Series> series) {}

    /** One metric of one subject ("" for server-wide metrics), oldest point first. */
    record Series(String metric, String subject, List<Point> points) {}

    /** A raw sample (count 1) or an hourly roll-up (value is the mean). */
    record Point(String at, double value, double min, double max, long count) {
        static Point of(SeriesPoint p) {
            return new Point(text(p.at()), p.value(), p.min(), p.max(), p.count());
        }
    }

    static String text(Instant t) {
        return Instants.json(t);
    }
}
