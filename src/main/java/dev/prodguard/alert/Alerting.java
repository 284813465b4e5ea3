package dev.prodguard.alert;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the guardian needs for alerts, wired from the configuration: the history store under
 * {@code PRODGUARD_STATE_DIR}, the configured channels, the retrying dispatcher and the manager the
 * rules raise and resolve through. Close it on shutdown.
 */
public final class Alerting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    private final AlertStore store;
    private final AlertChannels channels;
    private final NotificationDispatcher dispatcher;
    private final AlertManager manager;

    private Alerting(AlertStore store, AlertChannels channels, NotificationDispatcher dispatcher, AlertManager manager) {
        this.store = store;
        this.channels = channels;
        this.dispatcher = dispatcher;
        this.manager = manager;
    }

    /** Wires alerts from settings; deliveries and retries run on {@code executor}. */
    public static Alerting start(Settings settings, Clock clock, ScheduledExecutorService executor) {
        return start(settings, clock, RetryScheduler.of(executor), AlertPolicy.DEFAULT, Backoff.DEFAULT);
    }

    /** Wires alerts from settings with an explicit scheduler, policy and backoff (tests, tuning). */
    public static Alerting start(Settings settings, Clock clock, RetryScheduler scheduler, AlertPolicy policy,
            Backoff backoff) {
        AlertChannels channels = AlertChannels.fromSettings(settings, clock);
        if (channels.isEmpty()) {
            LOG.warn("no alert channel is configured: alerts are only recorded in the history; set"
                    + " PRODGUARD_WEBHOOK_URL and/or PRODGUARD_SMTP_URL with PRODGUARD_ALERT_EMAIL");
        }
        SqliteAlertStore store = SqliteAlertStore.open(settings.path(ConfigKey.STATE_DIR));
        NotificationDispatcher dispatcher = new NotificationDispatcher(channels.notifiers(), backoff, scheduler);
        AlertManager manager = new AlertManager(clock, store, policy, dispatcher);
        dispatcher.reportTo(manager);
        return new Alerting(store, channels, dispatcher, manager);
    }

    /** The manager rules raise and resolve through. */
    public AlertManager manager() {
        return manager;
    }

    /** The configured channels (for {@code testAll()} and the dashboard). */
    public AlertChannels channels() {
        return channels;
    }

    /** The dispatcher (which channels are failing). */
    public NotificationDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        store.close();
    }
}
