package dev.prodguard.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * How often people hear about one alert. A repeated raise of an open alert is silent until
 * {@code reminderInterval} has passed since its last notification. An alert that re-opens within
 * {@code coolDown} of resolving is flapping: one "flapping" notification, then silence (reminders
 * aside) until it stays resolved for {@code coolDown}, when one "resolved" notification closes it.
 * So a burst of N flaps inside the window costs at most 4 notifications (opened, resolved,
 * flapping, resolved), plus one reminder per {@code reminderInterval} while it lasts. Flap damping is
 * for conditions (metrics); the rules in {@code incidentRules} report incidents (a wipe), each with its
 * own key, and are never damped: every raise after a resolve opens and notifies again.
 */
public record AlertPolicy(Duration reminderInterval, Duration coolDown, java.util.Set<String> incidentRules) {
    /** Reminder every 4 hours; a 15-minute cool-down window; wipes are incidents. */
    public static final AlertPolicy DEFAULT = new AlertPolicy(Duration.ofHours(4), Duration.ofMinutes(15));

    /** A policy whose only incident rule is the wipe alert. */
    public AlertPolicy(Duration reminderInterval, Duration coolDown) {
        this(reminderInterval, coolDown, java.util.Set.of(WipeAlert.RULE));
    }

    public AlertPolicy {
        Objects.requireNonNull(reminderInterval, "reminderInterval");
        Objects.requireNonNull(coolDown, "coolDown");
        incidentRules = incidentRules == null ? java.util.Set.of() : java.util.Set.copyOf(incidentRules);
        if (reminderInterval.isNegative() || reminderInterval.isZero() || coolDown.isNegative()) {
            throw new IllegalArgumentException("reminderInterval must be positive and coolDown not negative");
        }
    }
}
