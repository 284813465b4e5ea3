package dev.prodguard.repo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * JSON trees ({@link JsonNode}) read and written with jackson-core alone, as Jackson's {@link ObjectMapper} reads and
 * writes them. Every command reads the repository's descriptor, so the mapper's first use (its class initialiser
 * builds a date format, which loads the JDK's locale data: 40 to 60 ms in a fresh JVM) was part of every start-up.
 *
 * <p>{@link #read} gives the tree {@code ObjectMapper.readTree} gives for one JSON value; for anything else (no
 * value, something after it, a syntax error) it asks the mapper, so that the result, or the error, is the mapper's.
 * {@link #write} gives the mapper's bytes for trees of the node types reading produces (objects, arrays, text,
 * numbers, booleans, nulls) and asks the mapper for any other node. {@code JsonTreesTest} holds both to the mapper.
 */
public final class JsonTrees {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The mapper, built at its first use (odd input only). */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** A value {@link #read} does not build itself. */
    private static final class NotPlain extends Exception {
        private static final long serialVersionUID = 1L;

        NotPlain() {
            super(null, null, false, false);
        }
    }

    private JsonTrees() {}

    /** A parser of {@code json} that {@link #value} reads trees from. */
    public static JsonParser parser(byte[] json) throws IOException {
        return FACTORY.createParser(json);
    }

    /** A generator to {@code out} that {@link #write(JsonGenerator, JsonNode)} writes trees to. */
    public static JsonGenerator generator(java.io.OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new empty array node. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The tree of the JSON value in {@code json}, as {@code ObjectMapper.readTree} reads it (and fails). */
    public static JsonNode read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonNode n = single(p);
            if (n != null) {
                return n;
            }
        } catch (IOException | NotPlain e) {
            // the mapper reads it below, and reports any error as it always did
        }
        return Mapper.MAPPER.readTree(json);
    }

    /** {@link #read} of a string's UTF-8 bytes. */
    public static JsonNode read(String json) throws IOException {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One value and nothing after it, else null. */
    private static JsonNode single(JsonParser p) throws IOException, NotPlain {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null;
        }
        JsonNode n = value(p, t);
        return p.nextToken() == null ? n : null;
    }

    /**
     * The value starting at {@code t} (the parser's current token), as the mapper's tree reading builds it: integers
     * as int, long or big-integer nodes by size, other numbers as doubles, a repeated field name keeping its first
     * place with its last value. Leaves the parser on the value's last token.
     */
    public static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        try {
            return node(p, t);
        } catch (NotPlain e) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        }
    }

    private static JsonNode node(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == null) {
            throw new NotPlain();
        }
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, node(p, p.nextToken()));
                }
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    throw new NotPlain();
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    a.add(node(p, v));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new NotPlain();
        }
    }

    /** The tree's JSON bytes as {@code ObjectMapper.writeValueAsBytes} (pretty: with its default pretty printer) writes them. */
    public static byte[] write(JsonNode tree, boolean pretty) throws IOException {
        if (!plain(tree)) {
            return pretty ? Mapper.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree)
                    : Mapper.MAPPER.writeValueAsBytes(tree);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, tree);
        }
        return out.toByteArray();
    }

    /** {@link #write} as a string (not pretty), as {@code ObjectMapper.writeValueAsString} writes it. */
    public static String string(JsonNode tree) throws IOException {
        if (!plain(tree)) {
            return Mapper.MAPPER.writeValueAsString(tree);
        }
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, tree);
        }
        return out.toString();
    }

    /** Writes a tree of the node types reading produces to {@code g}, as the mapper would; see {@link #plain}. */
    public static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode v : n) {
                    write(g, v);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    default -> throw new IllegalArgumentException("not a plain tree: " + n.numberType());
                }
            }
            default -> throw new IllegalArgumentException("not a plain tree: " + n.getNodeType());
        }
    }

    /** Whether every node is one that {@link #write(JsonGenerator, JsonNode)} writes as the mapper does. */
    public static boolean plain(JsonNode n) {
        JsonNodeType type = n.getNodeType();
        switch (type) {
            case OBJECT, ARRAY -> {
                for (JsonNode v : n) {
                    if (!plain(v)) {
                        return false;
                    }
                }
                return true;
            }
            case STRING, BOOLEAN, NULL -> {
                return true;
            }
            case NUMBER -> {
                return switch (n.numberType()) {
                    case INT, LONG, BIG_INTEGER, DOUBLE -> true;
                    default -> false;
                };
            }
            default -> {
                return false;
            }
        }
    }
}
