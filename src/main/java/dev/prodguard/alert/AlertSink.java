package dev.prodguard.alert;

/** Where the alert manager hands notifications; must not block (deliveries happen elsewhere). */
@FunctionalInterface
public interface AlertSink {
    /** Accepts one notification for delivery through the configured channels. */
    void deliver(Notification notification);
}
