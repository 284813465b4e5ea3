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

    @Override
    void close();
}
