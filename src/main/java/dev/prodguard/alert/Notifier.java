package dev.prodguard.alert;

/** One way of telling people about alerts (webhook, email); implementations are thread-safe. */
public interface Notifier {
    /** The channel's name for people, e.g. "webhook (Slack)" or "email to ops@example.com"; never a secret. */
    String name();

    /** Delivers one notification now, or throws {@link NotifierException} with a secret-free message. */
    void send(Notification notification) throws NotifierException;
}
