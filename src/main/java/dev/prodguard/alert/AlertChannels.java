package dev.prodguard.alert;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alert channels the configuration asks for (webhook, email), and a way to test them all. */
public final class AlertChannels {
    private final List<Notifier> notifiers;
    private final Clock clock;

    public AlertChannels(List<Notifier> notifiers, Clock clock) {
        this.notifiers = List.copyOf(notifiers);
        this.clock = clock;
    }

    /**
     * The channels configured by {@code PRODGUARD_WEBHOOK_URL} and {@code PRODGUARD_SMTP_URL} +
     * {@code PRODGUARD_ALERT_EMAIL}; empty when none is. @throws ProdguardException CONFIG when one is malformed
     */
    public static AlertChannels fromSettings(Settings settings, Clock clock) {
        List<Notifier> list = new ArrayList<>();
        settings.get(ConfigKey.WEBHOOK_URL).filter(s -> !s.isBlank()).ifPresent(u -> list.add(new WebhookNotifier(u)));
        String smtp = settings.get(ConfigKey.SMTP_URL).filter(s -> !s.isBlank()).orElse(null);
        String to = settings.get(ConfigKey.ALERT_EMAIL).filter(s -> !s.isBlank()).orElse(null);
        if (smtp != null) {
            list.add(new EmailNotifier(SmtpUrl.parse(smtp), to));
        } else if (to != null) {
            throw ProdguardException.config("PRODGUARD_ALERT_EMAIL is set but PRODGUARD_SMTP_URL is not; set it to"
                    + " your mail server, e.g. smtp://user:password@smtp.example.com:587?starttls=true");
        }
        return new AlertChannels(list, clock);
    }

    /** {@link #fromSettings(Settings, Clock)} on the system clock. */
    public static AlertChannels fromSettings(Settings settings) {
        return fromSettings(settings, Clock.systemUTC());
    }

    /** The configured notifiers, webhook first. */
    public List<Notifier> notifiers() {
        return notifiers;
    }

    /** True when no channel is configured: alerts would reach nobody. */
    public boolean isEmpty() {
        return notifiers.isEmpty();
    }

    /** Sends one test notification through every channel, once each, no retries; one result per channel. */
    public List<ChannelResult> testAll() {
        Notification test = testNotification(clock.instant());
        List<ChannelResult> results = new ArrayList<>();
        for (Notifier n : notifiers) {
            long start = System.nanoTime();
            String error = null;
            try {
                n.send(test);
            } catch (NotifierException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                error = Secrets.scrub(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            results.add(new ChannelResult(n.name(), error == null, error,
                    Duration.ofNanos(System.nanoTime() - start)));
        }
        return results;
    }

    /** The notification {@code prodguard alerts test} sends. */
    public static Notification testNotification(Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sent at", now.toString());
        details.put("what to do", "nothing: this channel works and will carry prodguard's alerts");
        Alert a = Alert.open(new AlertSpec("test", "test", Severity.INFO,
                "Test notification from prodguard", details), now);
        return new Notification(Notification.Kind.TEST, a);
    }
}
