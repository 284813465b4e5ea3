package dev.prodguard.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alert lifecycle: rules {@link #raise} and {@link #resolve} by subject key; this class decides
 * who hears about it, following {@link AlertPolicy} (de-duplication, reminders, flapping), and
 * records everything in an {@link AlertStore}. Time comes from the injected clock only.
 */
public final class AlertManager {
    /** Rule id of the alert raised when a notification channel keeps failing. */
    public static final String NOTIFIER_FAILING = "notifier-failing";

    private final Clock clock;
    private final AlertStore store;
    private final AlertPolicy policy;
    private final AlertSink sink;

    public AlertManager(Clock clock, AlertStore store, AlertPolicy policy, AlertSink sink) {
        this.clock = clock;
        this.store = store;
        this.policy = policy;
        this.sink = sink;
    }

    /**
     * Reports that a condition holds: opens the alert for its key and notifies, or, when it is
     * already open, updates it silently (a reminder once the reminder interval has passed).
     */
    public synchronized Alert raise(AlertSpec spec) {
        Instant now = clock.instant();
        Optional<Alert> latest = store.latest(spec.key());
        if (latest.isPresent() && latest.get().state().active()) {
            Alert a = store.save(latest.get().refreshed(spec, now));
            return remindIfDue(a, now);
        }
        if (latest.isPresent() && withinCoolDown(latest.get(), now) && !policy.incidentRules().contains(spec.ruleId())) {
            Alert prev = latest.get();
            // people were told "resolved"; tell them once that it is back and flapping, then stay quiet
            boolean firstFlap = !prev.pendingResolvedNotice();
            Alert a = prev.refreshed(spec, now).withState(AlertState.FLAPPING, now, null, prev.flaps() + 1, false);
            a = store.save(a);
            if (firstFlap) {
                return notify(a, Notification.Kind.FLAPPING, now);
            }
            return remindIfDue(a, now);
        }
        if (latest.isPresent() && latest.get().pendingResolvedNotice()) {
            // quiet for longer than the cool-down but tick() never ran: close the old one properly
            notify(store.save(clearPending(latest.get(), now)), Notification.Kind.RESOLVED, now);
        }
        Alert a = store.save(Alert.open(spec, now));
        return notify(a, Notification.Kind.OPENED, now);
    }

    /** Reports that the condition cleared: resolves the open alert for the key, if any, and notifies. */
    public synchronized Optional<Alert> resolve(String key) {
        Instant now = clock.instant();
        Optional<Alert> latest = store.latest(key);
        if (latest.isEmpty() || !latest.get().state().active()) {
            return Optional.empty();
        }
        Alert a = latest.get();
        if (a.state() == AlertState.FLAPPING) {
            // quiet now; tick() sends "resolved" once it has stayed resolved for the cool-down window
            return Optional.of(store.save(a.withState(AlertState.RESOLVED, now, now, a.flaps(), true)));
        }
        a = store.save(a.withState(AlertState.RESOLVED, now, now, a.flaps(), false));
        return Optional.of(notify(a, Notification.Kind.RESOLVED, now));
    }

    /**
     * Periodic housekeeping (the guardian calls it every few seconds): reminders for alerts open
     * longer than the reminder interval, and the one "resolved" for flapping alerts that stayed quiet.
     */
    public synchronized List<Alert> tick() {
        Instant now = clock.instant();
        List<Alert> changed = new ArrayList<>();
        for (Alert a : store.unsettled()) {
            if (a.pendingResolvedNotice() && !withinCoolDown(a, now)) {
                changed.add(notify(store.save(clearPending(a, now)), Notification.Kind.RESOLVED, now));
            } else if (a.state().active() && reminderDue(a, now)) {
                changed.add(notify(a, Notification.Kind.REMINDER, now));
            }
        }
        return changed;
    }

    /** Alerts currently open or flapping. */
    public synchronized List<Alert> active() {
        return store.unsettled().stream().filter(a -> a.state().active()).toList();
    }

    /** The alert history, most recent first. */
    public synchronized List<Alert> history(int limit) {
        return store.history(limit);
    }

    /**
     * Records that someone ({@code by}) acknowledged alert {@code id} now; its state and notifications do not change.
     *
     * @return false when no alert has that id
     */
    public synchronized boolean acknowledge(long id, String by) {
        boolean known = store.history(Integer.MAX_VALUE).stream().anyMatch(a -> a.id() == id);
        if (known) {
            store.acknowledge(new Acknowledgement(id, by, clock.instant()));
        }
        return known;
    }

    /** The acknowledgements of these alerts, by alert id. */
    public synchronized java.util.Map<Long, Acknowledgement> acknowledgements(List<Alert> alerts) {
        return store.acknowledgements(alerts.stream().map(Alert::id).toList());
    }

    /** Opens (or keeps open) the "notifier failing" alert for a channel; the dispatcher skips that channel. */
    public Alert notifierFailing(String channel, String error) {
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("channel", channel);
        details.put("error", error);
        details.put("what to do", "run 'prodguard alerts test' to check every alert channel");
        return raise(new AlertSpec("notifier:" + channel, NOTIFIER_FAILING, Severity.WARNING,
                "Alert channel failing: " + channel, details));
    }

    /** Resolves the "notifier failing" alert for a channel that delivered again. */
    public Optional<Alert> notifierRecovered(String channel) {
        return resolve("notifier:" + channel);
    }

    private boolean withinCoolDown(Alert a, Instant now) {
        return a.resolvedAt() != null && Duration.between(a.resolvedAt(), now).compareTo(policy.coolDown()) < 0;
    }

    private boolean reminderDue(Alert a, Instant now) {
        Instant last = a.lastNotifiedAt() == null ? a.openedAt() : a.lastNotifiedAt();
        return Duration.between(last, now).compareTo(policy.reminderInterval()) >= 0;
    }

    private Alert remindIfDue(Alert a, Instant now) {
        return reminderDue(a, now) ? notify(a, Notification.Kind.REMINDER, now) : a;
    }

    private static Alert clearPending(Alert a, Instant now) {
        return a.withState(AlertState.RESOLVED, now, a.resolvedAt(), a.flaps(), false);
    }

    private Alert notify(Alert a, Notification.Kind kind, Instant now) {
        Alert saved = store.save(a.notified(now));
        sink.deliver(new Notification(kind, saved));
        return saved;
    }
}
