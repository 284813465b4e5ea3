package dev.prodguard.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The report as JSON, component by component of the {@link Report} model (so it carries exactly what the HTML
 * shows): records become objects with their component names, instants ISO-8601 UTC strings, durations seconds,
 * enum constants lower case, absent values null. docs/reports.md documents the shape.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    /** The report as one JSON object. */
    public static ObjectNode of(Report r) {
        return (ObjectNode) node(r);
    }

    /** The report as indented JSON text (through {@link dev.prodguard.config.Secrets#scrub}, as every output). */
    public static String text(Report r) {
        try {
            return dev.prodguard.config.Secrets.scrub(MAPPER.writeValueAsString(of(r)) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode node(Object v) {
        if (v == null) {
            return MAPPER.nullNode();
        }
        if (v instanceof String s) {
            return MAPPER.getNodeFactory().textNode(s);
        }
        if (v instanceof Boolean b) {
            return MAPPER.getNodeFactory().booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long) {
            return MAPPER.getNodeFactory().numberNode(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? MAPPER.getNodeFactory().numberNode(d) : MAPPER.nullNode();
        }
        if (v instanceof Instant t) {
            return MAPPER.getNodeFactory().textNode(Words.instant(t));
        }
        if (v instanceof Duration d) {
            return MAPPER.getNodeFactory().numberNode(d.toSeconds());
        }
        if (v instanceof Enum<?> e) {
            return MAPPER.getNodeFactory().textNode(e.name().toLowerCase(Locale.ROOT));
        }
        if (v instanceof Map.Entry<?, ?> e) {
            ObjectNode o = MAPPER.createObjectNode();
            o.set(String.valueOf(e.getKey()), node(e.getValue()));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = MAPPER.createArrayNode();
            c.forEach(x -> a.add(node(x)));
            return a;
        }
        if (v instanceof Record rec) {
            ObjectNode o = MAPPER.createObjectNode();
            for (RecordComponent rc : rec.getClass().getRecordComponents()) {
                try {
                    o.set(rc.getName(), node(rc.getAccessor().invoke(rec)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + rc.getName(), e);
                }
            }
            return o;
        }
        return MAPPER.getNodeFactory().textNode(String.valueOf(v));
    }
}
