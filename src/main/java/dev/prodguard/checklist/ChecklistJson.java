package dev.prodguard.checklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link ChecklistReport} as one JSON object: {@code stage}, {@code ok}, {@code exitCode},
 * {@code counts} (pass, fail, manual, skipped), {@code totalMs} and {@code items} (each with {@code id},
 * {@code title}, {@code status}, {@code detail}, {@code remedy}, {@code notes}, {@code ms}).
 */
public final class ChecklistJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChecklistJson() {}

    /** The report as a single-line JSON object. */
    public static String render(ChecklistReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("stage", report.stage().wireName());
        root.put("ok", report.ok());
        root.put("exitCode", report.exitCode().exitCode());
        ObjectNode counts = root.putObject("counts");
        for (ItemStatus s : ItemStatus.values()) {
            counts.put(s.jsonName(), report.count(s));
        }
        root.put("totalMs", report.totalMillis());
        ArrayNode items = root.putArray("items");
        for (ItemResult r : report.items()) {
            ObjectNode n = items.addObject();
            n.put("id", r.id());
            n.put("title", r.title());
            n.put("status", r.status().jsonName());
            n.put("detail", r.detail());
            n.put("remedy", r.remedy());
            ArrayNode notes = n.putArray("notes");
            r.notes().forEach(notes::add);
            if (r.millis() >= 0) {
                n.put("ms", r.millis());
            } else {
                n.putNull("ms");
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
