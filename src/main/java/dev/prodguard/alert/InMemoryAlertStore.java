package dev.prodguard.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An alert store that forgets everything when the process ends; for tests and dry runs. */
public final class InMemoryAlertStore implements AlertStore {
    private final Map<Long, Alert> byId = new LinkedHashMap<>();
    private final Map<Long, Acknowledgement> acks = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized Alert save(Alert alert) {
        Alert saved = alert.id() == 0 ? alert.withId(nextId++) : alert;
        byId.put(saved.id(), saved);
        return saved;
    }

    @Override
    public synchronized Optional<Alert> latest(String key) {
        return byId.values().stream().filter(a -> a.key().equals(key)).max(Comparator.comparingLong(Alert::id));
    }

    @Override
    public synchronized List<Alert> unsettled() {
        return byId.values().stream().filter(a -> a.state().active() || a.pendingResolvedNotice()).toList();
    }

    @Override
    public synchronized List<Alert> history(int limit) {
        List<Alert> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(Alert::id).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    @Override
    public synchronized void acknowledge(Acknowledgement ack) {
        acks.put(ack.alertId(), ack);
    }

    @Override
    public synchronized Map<Long, Acknowledgement> acknowledgements(java.util.Collection<Long> alertIds) {
        Map<Long, Acknowledgement> out = new LinkedHashMap<>();
        alertIds.forEach(id -> {
            if (acks.containsKey(id)) {
                out.put(id, acks.get(id));
            }
        });
        return out;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
