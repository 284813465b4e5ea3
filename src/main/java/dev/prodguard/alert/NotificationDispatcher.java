package dev.prodguard.alert;

import dev.prodguard.config.Secrets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each notification out to every channel, each on its own: a failing channel is retried
 * with {@link Backoff} on the injected {@link RetryScheduler}; when it gives up, the failure is logged
 * once (scrubbed) and reported through the other channels as a "notifier failing" alert. A channel
 * never receives the "notifier failing" alert about itself.
 */
public final class NotificationDispatcher implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    /** Told when a channel starts failing (retries exhausted) and when it delivers again. */
    public interface ChannelHealth {
        /** A channel gave up on a notification after every retry; {@code error} is scrubbed. */
        void failing(String channel, String error);

        /** A channel that was failing delivered again. */
        void recovered(String channel);
    }

    private final List<Notifier> notifiers;
    private final Backoff backoff;
    private final RetryScheduler scheduler;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private volatile ChannelHealth health = new ChannelHealth() {
        @Override
        public void failing(String channel, String error) {}

        @Override
        public void recovered(String channel) {}
    };

    public NotificationDispatcher(List<Notifier> notifiers, Backoff backoff, RetryScheduler scheduler) {
        this.notifiers = List.copyOf(notifiers);
        this.backoff = backoff;
        this.scheduler = scheduler;
    }

    /** Wires failures back into the alert manager: failing channels raise, recovered ones resolve. */
    public void reportTo(AlertManager manager) {
        this.health = new ChannelHealth() {
            @Override
            public void failing(String channel, String error) {
                manager.notifierFailing(channel, error);
            }

            @Override
            public void recovered(String channel) {
                manager.notifierRecovered(channel);
            }
        };
    }

    /** Replaces the failure listener (tests, or a guardian with its own health reporting). */
    public void reportTo(ChannelHealth listener) {
        this.health = listener;
    }

    /** The channels currently given up on. */
    public Set<String> failingChannels() {
        return Set.copyOf(failing);
    }

    @Override
    public void deliver(Notification notification) {
        for (Notifier n : notifiers) {
            if (aboutItself(notification, n)) {
                continue;
            }
            scheduler.schedule(() -> attempt(n, notification, 1), Duration.ZERO);
        }
    }

    private static boolean aboutItself(Notification notification, Notifier n) {
        Alert a = notification.alert();
        return AlertManager.NOTIFIER_FAILING.equals(a.ruleId()) && n.name().equals(a.details().get("channel"));
    }

    private void attempt(Notifier n, Notification notification, int attempt) {
        String error;
        try {
            n.send(notification);
            if (failing.remove(n.name())) {
                LOG.warn("alert channel {} delivers again", n.name());
                health.recovered(n.name());
            }
            return;
        } catch (NotifierException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = Secrets.scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (attempt < backoff.maxAttempts()) {
            Duration wait = backoff.delayAfter(attempt);
            LOG.debug("alert channel {}: attempt {} failed ({}); retrying in {} ms", n.name(), attempt,
                    Secrets.scrub(error), wait.toMillis());
            scheduler.schedule(() -> attempt(n, notification, attempt + 1), wait);
            return;
        }
        if (failing.add(n.name())) {
            LOG.warn("alert channel {} is failing: {} (gave up after {} attempts); alerts still go through the other"
                    + " channels; run 'prodguard alerts test' to check", n.name(), Secrets.scrub(error), attempt);
            health.failing(n.name(), Secrets.scrub(error));
        } else {
            LOG.debug("alert channel {} still failing: {}", n.name(), Secrets.scrub(error));
        }
    }
}
