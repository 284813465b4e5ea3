package dev.prodguard.web.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The go-live checklist as last run, per stage, for the checklist page. */
record ChecklistView(List<Run> runs) {
    /** One stage's last run. */
    record Run(String stage, boolean ok, Instant ranAt, List<Item> items) {}

    /** One item: its title, status (pass, fail, manual, skipped), detail and remedy. */
    record Item(String title, String status, String detail, String remedy) {}

    static ChecklistView of(List<JsonNode> runs) {
        List<Run> out = new ArrayList<>();
        for (JsonNode r : runs) {
            List<Item> items = new ArrayList<>();
            r.path("items").forEach(i -> items.add(new Item(i.path("title").asText(), i.path("status").asText(),
                    i.path("detail").asText(""), i.path("remedy").isNull() ? "" : i.path("remedy").asText(""))));
            Instant at = null;
            try {
                at = Instant.parse(r.path("ranAt").asText());
            } catch (RuntimeException e) {
                // shown without a time
            }
            out.add(new Run(r.path("stage").asText(), r.path("ok").asBoolean(), at, items));
        }
        return new ChecklistView(out);
    }
}
