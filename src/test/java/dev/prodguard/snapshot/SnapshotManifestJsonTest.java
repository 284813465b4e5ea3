package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.repo.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import dev.prodguard.testing.RandomJson;
import org.junit.jupiter.api.Test;

/**
 * Snapshot manifests written and read without the record binding ({@link SnapshotManifestJson}) are byte for byte
 * and record for record what the binding wrote and read: on random manifests, and on every form other than the
 * written one, which goes to the binding (so an older, newer or damaged manifest reads, or is refused, as before).
 */
class SnapshotManifestJsonTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void writesTheBindingsBytesAndReadsThemBackDirectly() throws Exception {
        Random r = new Random(20261207);
        int direct = 0;
        for (int i = 0; i < 1_500; i++) {
            SnapshotManifest m = random(r);
            byte[] bound = SnapshotCatalog.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
            byte[] written = SnapshotManifestJson.write(m);
            assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(bound, StandardCharsets.UTF_8));
            SnapshotManifest read = SnapshotManifestJson.direct(written);
            boolean nulls = m.collections().stream().anyMatch(c -> c.options() == null || c.info() == null);
            if (nulls || m.tool() == null || m.id() == null) {
                assertThat(read).as("a null goes to the binding").isNull();
            } else {
                assertThat(read).as(new String(written, StandardCharsets.UTF_8)).isNotNull().isEqualTo(m);
                direct++;
            }
            SnapshotManifest bound2 = SnapshotCatalog.json().readValue(written, SnapshotManifest.class);
            assertThat(SnapshotManifestJson.read(written)).isEqualTo(bound2);
            if (!nulls) { // the binding reads a null options or info as a JSON null node, not as null
                assertThat(bound2).isEqualTo(m);
            }
        }
        assertThat(direct).as("manifests read directly").isGreaterThan(1_000);
    }

    @Test
    void everyOtherFormReadsOrFailsAsTheBindingDoes() throws Exception {
        SnapshotManifest m = sample();
        String base = new String(SnapshotManifestJson.write(m), StandardCharsets.UTF_8);
        assertThat(SnapshotManifestJson.direct(base.getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
        List<String> others = List.of(
                base.replace("\"tool\" : \"prodguard\",", "\"tool\" : \"prodguard\", \"later\" : [ 1 ],"), // a newer writer's field
                base.replace("\"purpose\" : \"backup\"", "\"purpose\" : \"backup\", \"purpose\" : \"safety\""), // twice
                base.replace("  \"purpose\" : \"backup\"\n", "  \"note\" : null\n").replace("\"collections\"", "\"purpose\" : \"backup\", \"collections\""),
                base.replace(",\n  \"purpose\" : \"backup\"", ""), // written before purposes existed
                base.replace("\"format\" : 2", "\"format\" : \"2\""),
                base.replace("\"format\" : 2", "\"format\" : 2.0"),
                base.replace("\"format\" : 2", "\"format\" : 4294967296"),
                base.replace("\"durationMillis\" : 812", "\"durationMillis\" : 99999999999999999999999"),
                base.replace("\"durationMillis\" : 812", "\"durationMillis\" : null"),
                base.replace("\"id\" : \"20261207T120000.000Z-a1b2\"", "\"id\" : 7"),
                base.replace("\"db\" : \"shop\"", "\"db\" : null"),
                base.replace("\"options\" : { }", "\"options\" : null"),
                base.replace("\"options\" : { }", "\"options\" : 5"),
                base.replace("\"options\" : { }", "\"options\" : \"capped\""),
                base.replace("\"indexes\" : [ {", "\"indexes\" : [ null, {"),
                base.replace("\"indexes\" : [ {", "\"indexes\" : [ 7, {"),
                base.replace("\"objects\" : [ {", "\"objects\" : [ null, {"),
                base.replace("\"sha256\" : \"", "\"sha256\" : \"x\", \"sha256\" : \""),
                base.replace("\"storedBytes\" : 40,", ""),
                base.replace("\"documents\" : 3,", "\"documents\" : \"3\","),
                base.replace("\"documents\" : 3,", "\"documents\" : 3.5,"),
                base.replace("\"documents\" : 3,", ""),
                base.replace("\"collections\" : [", "\"collections\" : null, \"ignored\" : ["),
                base.replace("\"collections\" : [ {", "\"collections\" : [ 1, {"),
                base.replace("\"collections\" : [ {", "\"collections\" : {"),
                base + " { }",
                base + " garbage",
                base.substring(0, base.length() / 2),
                "",
                "[ ]",
                "null");
        int refused = 0;
        for (String other : others) {
            assertThat(other).isNotEqualTo(base);
            byte[] json = other.getBytes(StandardCharsets.UTF_8);
            assertThat(SnapshotManifestJson.direct(json)).as(other).isNull();
            Object binding = outcome(() -> SnapshotCatalog.json().readValue(json, SnapshotManifest.class));
            assertThat(outcome(() -> SnapshotManifestJson.read(json))).as(other).isEqualTo(binding);
            refused += binding instanceof String s && s.startsWith("refused") ? 1 : 0;
        }
        assertThat(refused).as("variants the binding refuses").isBetween(5, others.size() - 5);
        // the same form in another order, or with other white space, is still the written form
        byte[] compact = SnapshotCatalog.json().writeValueAsBytes(SnapshotCatalog.json().readTree(base));
        assertThat(SnapshotManifestJson.direct(compact)).isEqualTo(m);
        ObjectNode reordered = NODES.objectNode();
        JsonNode tree = SnapshotCatalog.json().readTree(base);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, tree.get(n)));
        assertThat(SnapshotManifestJson.direct(SnapshotCatalog.json().writeValueAsBytes(reordered))).isEqualTo(m);
        assertThat(SnapshotManifestJson.direct((base + "\n").getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
    }

    /** The value, or "refused: " and the exception's class and first line. */
    private static Object outcome(Callable<Object> read) {
        try {
            return read.call();
        } catch (Exception e) {
            return "refused: " + e.getClass().getName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
    }

    private static SnapshotManifest sample() {
        ObjectNode key = NODES.objectNode();
        key.putObject("_id").put("$numberInt", "1");
        ObjectNode index = NODES.objectNode();
        index.set("key", key);
        index.put("name", "_id_");
        ObjectNode info = NODES.objectNode();
        info.put("readOnly", false);
        CollectionEntry c = new CollectionEntry("wallets", "collection", NODES.objectNode(), info, List.of(index),
                List.of(new ObjectRef("data/ab/abcdef", "ab".repeat(32), 40, 120)), 3, "xxh:00ff", 120, 40);
        return new SnapshotManifest(2, "20261207T120000.000Z-a1b2", "shop", "2026-12-07T12:00:00.000000001Z",
                "2026-12-07T12:00:00.812000000Z", 812, "prodguard", List.of(c), SnapshotManifest.BACKUP, null);
    }

    private static SnapshotManifest random(Random r) {
        List<CollectionEntry> collections = new ArrayList<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            boolean view = r.nextInt(5) == 0;
            List<JsonNode> indexes = new ArrayList<>();
            for (int k = view ? 0 : r.nextInt(4); k > 0; k--) {
                indexes.add(r.nextInt(10) == 0 ? NODES.arrayNode().add(r.nextInt()) : RandomJson.object(r, 3));
            }
            List<ObjectRef> objects = new ArrayList<>();
            for (int k = view ? 0 : r.nextInt(4); k > 0; k--) {
                objects.add(new ObjectRef("data/" + RandomJson.text(r), hex(r), r.nextInt(1 << 20), r.nextLong() >>> 1));
            }
            collections.add(new CollectionEntry(RandomJson.text(r), view ? "view" : "collection",
                    r.nextInt(15) == 0 ? null : RandomJson.object(r, 2), r.nextInt(15) == 0 ? null : RandomJson.object(r, 2),
                    indexes, objects,
                    r.nextLong() >>> r.nextInt(64), r.nextBoolean() ? "xxh:" + hex(r) : RandomJson.text(r), r.nextLong() >>> 8,
                    r.nextInt(1_000_000)));
        }
        String note = r.nextInt(3) == 0 ? RandomJson.text(r) : null;
        String purpose = r.nextInt(4) == 0 ? SnapshotManifest.SAFETY : SnapshotManifest.BACKUP;
        return new SnapshotManifest(r.nextInt(3), r.nextInt(60) == 0 ? null : RandomJson.text(r), RandomJson.text(r),
                RandomJson.text(r), RandomJson.text(r),
                r.nextLong() >>> r.nextInt(64), r.nextInt(60) == 0 ? null : "prodguard", collections, purpose, note);
    }

    private static String hex(Random r) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < 16; k++) {
            s.append(Integer.toHexString(r.nextInt(16)));
        }
        return s.toString();
    }
}
