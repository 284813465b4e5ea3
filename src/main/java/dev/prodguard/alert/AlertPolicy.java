package dev.prodguard.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * How often people hear about one alert. A repeated raise of an open alert is silent until
 * {@code reminderInterval} has passed since its last notification. An alert that re-opens within
 * {@code coolDown} of resolving is flapping: one "flapping" notification, then silence (reminders
 * aside) until it stays resolved for {@code coolDown}, when one "resolved" notification closes it.
 * So a burst of N flaps inside the window costs at most 4 notifications (opened, resolved,
 * flapping, resolved), plus one reminder per {@code reminderInterval} while it lasts.
 */
public record AlertPolicy(Duration reminderInterval, Duration coolDown) {
    /** Reminder every 4 hours; a 15-minute cool-down window. */
    public static final AlertPolicy DEFAULT = new AlertPolicy(Duration.ofHours(4), Duration.ofMinutes(15));

    public AlertPolicy {
        Objects.requireNonNull(reminderInterval, "reminderInterval");
        Objects.requireNonNull(coolDown, "coolDown");
        if (reminderInterval.isNegative() || reminderInterval.isZero() || coolDown.isNegative()) {
            throw new IllegalArgumentException("reminderInterval must be positive and coolDown not negative");
        }
    }
}
