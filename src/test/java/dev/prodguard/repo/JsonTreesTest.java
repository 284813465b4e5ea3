package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import dev.prodguard.testing.RandomJson;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonTrees} reads and writes JSON trees exactly as Jackson's mapper does: the same tree for every JSON text
 * (random ones, numbers of every size and form, repeated names, escapes, and what is not one JSON value, where the
 * mapper's own answer or error is what comes back), and the same bytes for every tree, pretty or not.
 */
class JsonTreesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void writesTheMappersBytesAndReadsTheMappersTrees() throws Exception {
        Random r = new Random(20261207);
        for (int i = 0; i < 3_000; i++) {
            JsonNode tree = r.nextInt(8) == 0 ? RandomJson.tree(r, 3) : RandomJson.object(r, 4);
            byte[] compact = MAPPER.writeValueAsBytes(tree);
            byte[] pretty = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
            assertThat(JsonTrees.plain(tree)).isTrue();
            assertThat(new String(JsonTrees.write(tree, false), StandardCharsets.UTF_8)).isEqualTo(new String(compact, StandardCharsets.UTF_8));
            assertThat(new String(JsonTrees.write(tree, true), StandardCharsets.UTF_8)).isEqualTo(new String(pretty, StandardCharsets.UTF_8));
            assertThat(JsonTrees.string(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
            for (byte[] json : List.of(compact, pretty)) {
                JsonNode read = JsonTrees.read(json);
                assertThat(read).isEqualTo(MAPPER.readTree(json));
                assertThat(read.toString()).isEqualTo(MAPPER.readTree(json).toString());
                assertThat(JsonTrees.read(new String(json, StandardCharsets.UTF_8))).isEqualTo(MAPPER.readTree(json));
            }
        }
    }

    @Test
    void everyTextReadsOrFailsAsTheMappersReadTreeDoes() {
        List<String> texts = List.of("{}", "[]", "{\"a\":1,\"a\":2,\"b\":3}", "{\"a\":{\"x\":1},\"b\":0,\"a\":[true]}",
                "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "123456789012345678901234567890", "1.5", "1e3", "1E-7", "-0", "-0.0", "0.1",
                "12345678901234567890.5", "1e400", "\"\\u00e9\\n\\t\\\"\\\\\\/\"", "\"日本\uD83D\uDE80\"", "true", "false",
                "null", "", "   ", "{} {}", "{} x", "[1,]", "{\"a\":}", "{\"a\" 1}", "[1 2]", "{'a':1}", "NaN", "[NaN]",
                "01", "[\"\\x\"]", "{\"a\":[1,{\"b\":[null,{}]}]}", "[" + "[".repeat(1200) + "]".repeat(1200) + "]",
                "\"unterminated", "{\"a\":1", "\u00ef\u00bb\u00bf{}");
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(() -> JsonTrees.read(bytes))).as(text).isEqualTo(outcome(() -> MAPPER.readTree(bytes)));
            assertThat(outcome(() -> JsonTrees.read(text))).as(text).isEqualTo(outcome(() -> MAPPER.readTree(bytes)));
        }
    }

    @Test
    void treesOfOtherNodeTypesAreWrittenByTheMapper() throws Exception {
        ObjectNode tree = NODES.objectNode();
        tree.put("decimal", new BigDecimal("1.50"));
        tree.put("float", 1.25f);
        tree.put("short", (short) 7);
        tree.put("binary", new byte[] {1, 2, 3});
        tree.putPOJO("pojo", List.of("a", "b"));
        tree.putArray("nested").addObject().put("decimal", new BigDecimal("2E+3"));
        for (String name : List.of("decimal", "float", "binary", "pojo", "nested")) {
            assertThat(JsonTrees.plain(tree.get(name))).as(name).isFalse();
        }
        assertThat(JsonTrees.plain(tree.get("short"))).isTrue();
        assertThat(JsonTrees.plain(tree)).isFalse();
        assertThat(JsonTrees.write(tree, true)).isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
        assertThat(JsonTrees.string(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
        ObjectNode shortOnly = NODES.objectNode().put("short", (short) -3);
        assertThat(JsonTrees.write(shortOnly, false)).isEqualTo(MAPPER.writeValueAsBytes(shortOnly));
    }

    /** The value's JSON (so that equal trees of different node classes count as different), or the error's class and first line. */
    private static Object outcome(Callable<JsonNode> read) {
        try {
            JsonNode n = read.call();
            return n == null ? "null" : n.getClass().getSimpleName() + " " + n + " " + classes(n);
        } catch (Exception e) {
            return "refused: " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
    }

    private static String classes(JsonNode n) {
        StringBuilder s = new StringBuilder(n.getClass().getSimpleName());
        for (JsonNode v : n) {
            s.append('(').append(classes(v)).append(')');
        }
        return s.toString();
    }
}
