package dev.prodguard.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.connect.UserData;

/**
 * Renders a {@link DoctorReport} as one JSON object: {@code ok}, {@code exitCode}, {@code target}
 * (user and hosts), {@code database}, {@code timeoutMs}, {@code totalMs}, {@code failedAt}, {@code remedy}
 * (of the first failure), {@code layers} (each with {@code id}, {@code name}, {@code status},
 * {@code summary}, {@code remedy}, {@code ms}, {@code items}) and {@code timings} (ms by layer and
 * test step), and {@code databaseContents} ({@code empty}, {@code userCollections}, {@code databasesWithData}
 * [{@code name}, {@code collections}], {@code error}; null when the connection test did not pass).
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {}

    /** The report as a single-line JSON object. */
    public static String render(DoctorReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("ok", report.ok());
        root.put("exitCode", report.exitCode().exitCode());
        root.put("target", report.target());
        root.put("database", report.database());
        root.put("timeoutMs", report.timeoutMs());
        root.put("totalMs", report.totalMillis());
        LayerResult failed = report.firstFailure().orElse(null);
        root.put("failedAt", failed == null ? null : failed.layer().id());
        root.put("remedy", failed == null ? null : failed.remedy());
        UserData.Contents contents = report.contents();
        if (contents == null) {
            root.putNull("databaseContents");
        } else {
            ObjectNode c = root.putObject("databaseContents");
            c.put("empty", contents.empty());
            c.put("userCollections", contents.userCollections());
            ArrayNode others = c.putArray("databasesWithData");
            contents.databasesWithData().forEach(d -> others.addObject().put("name", d.name())
                    .put("collections", d.collections()));
            c.put("error", contents.listError());
        }
        ArrayNode layers = root.putArray("layers");
        ObjectNode timings = MAPPER.createObjectNode();
        for (LayerResult l : report.layers()) {
            ObjectNode n = layers.addObject();
            n.put("id", l.layer().id());
            n.put("name", l.layer().title());
            n.put("status", l.status().jsonName());
            n.put("summary", l.summary());
            n.put("remedy", l.remedy());
            if (l.millis() >= 0) {
                n.put("ms", l.millis());
                timings.put(l.layer().id(), l.millis());
            } else {
                n.putNull("ms");
            }
            ArrayNode items = n.putArray("items");
            for (Check c : l.items()) {
                ObjectNode i = items.addObject();
                i.put("name", c.name());
                i.put("status", c.status().jsonName());
                i.put("detail", c.detail());
                if (c.millis() >= 0) {
                    i.put("ms", c.millis());
                } else {
                    i.putNull("ms");
                }
                if (l.layer() == Layer.TEST && c.millis() >= 0) {
                    timings.put(c.name().replace(' ', '_'), c.millis());
                }
            }
        }
        root.set("timings", timings);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
