package dev.prodguard.web.dashboard;

import dev.prodguard.alert.Acknowledgement;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertText;
import java.util.List;
import java.util.Map;

/** The alerts page: open alerts first, then resolved ones, each with its details and acknowledgement. */
record AlertsView(List<Row> open, List<Row> resolved) {
    /** One alert, its details as text pairs, and who acknowledged it (null: nobody). */
    record Row(Alert alert, List<Map.Entry<String, String>> details, Acknowledgement ack) {}

    static AlertsView of(List<Alert> history, Map<Long, Acknowledgement> acks) {
        java.util.function.Function<Alert, Row> row = a -> new Row(a, a.details().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), AlertText.value(e.getValue()))).toList(), acks.get(a.id()));
        return new AlertsView(history.stream().filter(a -> a.state().active()).map(row).toList(),
                history.stream().filter(a -> !a.state().active()).map(row).toList());
    }
}
