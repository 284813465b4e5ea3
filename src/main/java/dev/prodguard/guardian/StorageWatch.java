package dev.prodguard.guardian;

import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import dev.prodguard.repo.Storage;
import dev.prodguard.text.Instants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Raises {@value #RULE} for each repository target (the repository, its mirror) whose requests have been failing
 * for longer than the grace, and resolves it at the target's next answer. It reads what the storage's own requests
 * saw ({@link Storage#health()}), so it costs no request: an idle guardian still writes the capture tip and lock
 * heartbeats, which notice an outage within {@link Storage#idleWriteEvery()}.
 */
final class StorageWatch {
    /** The alert rule: one alert per target. */
    static final String RULE = "repository-unreachable";

    private final Storage storage;
    private final AlertManager alerts;
    private final Clock clock;
    private final Duration grace;

    StorageWatch(Storage storage, AlertManager alerts, Clock clock, Duration grace) {
        this.storage = storage;
        this.alerts = alerts;
        this.clock = clock;
        this.grace = grace;
    }

    /** Raises or resolves one alert per target; returns the targets failing now. */
    List<Storage.TargetHealth> evaluate() {
        Instant now = clock.instant();
        Set<String> open = alerts.active().stream().map(Alert::key).collect(Collectors.toSet());
        List<Storage.TargetHealth> targets = storage.health();
        for (Storage.TargetHealth t : targets) {
            String key = RULE + ":" + t.target();
            if (t.failingSince() != null && !now.isBefore(t.failingSince().plus(grace))) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("target", t.target());
                d.put("failingSince", Instants.human(t.failingSince()));
                d.put("lastError", t.lastError());
                d.put("remedy", "check the network and the provider's status page; prodguard keeps retrying and"
                        + " commits what capture holds once the store answers (nothing is lost while the database"
                        + " keeps its oplog)");
                alerts.raise(new AlertSpec(key, RULE, Severity.CRITICAL, "Backup repository " + t.target()
                        + " is unreachable", d));
            } else if (t.failingSince() == null && open.contains(key)) {
                alerts.resolve(key);
            }
        }
        return targets.stream().filter(t -> t.failingSince() != null).toList();
    }
}
