package dev.prodguard.alert;

import java.util.List;
import java.util.Optional;

/** Where alerts and their history live: SQLite under the state directory, or memory in tests. */
public interface AlertStore extends AutoCloseable {
    /** Inserts (id 0) or updates (by id) the alert and returns it with its id. */
    Alert save(Alert alert);

    /** The most recent alert for a subject key, open or resolved, if any. */
    Optional<Alert> latest(String key);

    /** Every alert that is open or flapping, or resolved with a "resolved" notice still pending. */
    List<Alert> unsettled();

    /** The most recently opened alerts first, at most {@code limit}. */
    List<Alert> history(int limit);

    /** Records that {@code ack.alertId()} was acknowledged (a later acknowledgement replaces an earlier one). */
    void acknowledge(Acknowledgement ack);

    /** The acknowledgements of these alerts, by alert id (alerts never acknowledged are absent). */
    java.util.Map<Long, Acknowledgement> acknowledgements(java.util.Collection<Long> alertIds);

    @Override
    void close();
}
