package dev.prodguard.guardian;

import dev.prodguard.alert.AlertManager;
import dev.prodguard.alert.AlertSpec;
import dev.prodguard.alert.Severity;
import dev.prodguard.config.Schedule;
import dev.prodguard.cost.CostReport;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Warns ({@value #RULE}) before prodguard's own reads from the database (snapshots and capture, last 7 days) reach
 * {@code PRODGUARD_TRANSFER_BUDGET_MB} (Atlas M0: 10 GB per 7 days); resolves when they fall below. Hourly: the budget
 * is a weekly one, and each evaluation reads the week's segment manifests.
 */
final class TransferBudgetRule {
    static final String RULE = "transfer-budget";
    static final Duration EVERY = Duration.ofHours(1);

    private final Repository repo;
    private final AlertManager alerts;
    private final Clock clock;
    private final long budgetMb;
    private final String db;

    TransferBudgetRule(Repository repo, AlertManager alerts, Clock clock, long budgetMb, String db) {
        this.repo = repo;
        this.alerts = alerts;
        this.clock = clock;
        this.budgetMb = budgetMb;
        this.db = db;
    }

    /** The job that evaluates the rule every hour. */
    ScheduledJob scheduled() {
        return new ScheduledJob("transfer budget", Schedule.every(EVERY), this::evaluate, null, alerts, clock, db);
    }

    String evaluate() {
        if (budgetMb == 0) {
            return "transfer budget: off";
        }
        CostReport c = CostReport.of(repo, new SnapshotCatalog(repo).all(), null, clock.instant(), budgetMb);
        String key = RULE + ":" + db;
        String line = String.format(Locale.ROOT, "read %.1f MB of %d MB in the last 7 days",
                c.readLast7Days() / 1048576.0, budgetMb);
        if (c.overBudgetWarning()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("readLast7Days", c.readLast7Days());
            d.put("budgetBytes", c.budgetBytes());
            d.put("remedy", "schedule fewer snapshots (schedule.snapshot in prodguard.yml): continuous capture reads only"
                    + " the changes; or move to a tier without the transfer cap, or raise PRODGUARD_TRANSFER_BUDGET_MB");
            alerts.raise(new AlertSpec(key, RULE, Severity.WARNING, "prodguard " + line
                    + ": near the database's transfer cap", d));
        } else {
            alerts.resolve(key);
        }
        return "transfer budget: " + line;
    }
}
