package dev.prodguard.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.repo.JsonTrees;
import dev.prodguard.repo.ObjectRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Snapshot manifests to and from their JSON without Jackson's record binding, whose first use in a process builds
 * and introspects a deserializer or serializer for each record type: 40 to 85 ms of a short command's start-up
 * (a fresh JVM with the class-data archive) against 2 ms for the same bytes read as a tree.
 *
 * <p>{@link #write} produces exactly the bytes the binding wrote ({@link SnapshotCatalog#json()}'s default pretty
 * printer, the records' components in order, {@code note} left out when null; trees written as
 * {@link JsonTrees} writes them). {@link #read} reads exactly that
 * form: every field once, of the type written, in any order, nothing after the object. Anything else (a field it
 * does not know, a missing one, a null, a number for a string, a field twice, trailing bytes) goes to the binding,
 * so that what is read, and what is refused, is as it was. {@code SnapshotManifestJsonTest} holds both to the
 * binding on random manifests and on every such variant.
 */
final class SnapshotManifestJson {
    private static final Set<String> MANIFEST = Set.of("format", "id", "db", "startedAt", "finishedAt", "durationMillis",
            "tool", "collections", "purpose", "note");
    private static final Set<String> COLLECTION = Set.of("name", "type", "options", "info", "indexes", "objects",
            "documents", "contentHash", "rawBytes", "storedBytes");
    private static final Set<String> OBJECT = Set.of("key", "sha256", "storedBytes", "rawBytes");

    /** The form {@link #read} does not take: the caller reads it with the binding instead. */
    private static final class NotTheWrittenForm extends Exception {
        private static final long serialVersionUID = 1L;

        NotTheWrittenForm() {
            super(null, null, false, false);
        }
    }

    private SnapshotManifestJson() {}

    /** The manifest's JSON, as the record binding with the default pretty printer wrote it. */
    static byte[] write(SnapshotManifest m) throws IOException {
        for (CollectionEntry c : m.collections()) {
            if (!(c.options() == null || JsonTrees.plain(c.options())) || !(c.info() == null || JsonTrees.plain(c.info()))
                    || !c.indexes().stream().allMatch(JsonTrees::plain)) {
                return SnapshotCatalog.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(m); // a tree built in code
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JsonTrees.generator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeNumberField("format", m.format());
            string(g, "id", m.id());
            string(g, "db", m.db());
            string(g, "startedAt", m.startedAt());
            string(g, "finishedAt", m.finishedAt());
            g.writeNumberField("durationMillis", m.durationMillis());
            string(g, "tool", m.tool());
            g.writeArrayFieldStart("collections");
            for (CollectionEntry c : m.collections()) {
                g.writeStartObject();
                string(g, "name", c.name());
                string(g, "type", c.type());
                tree(g, "options", c.options());
                tree(g, "info", c.info());
                g.writeArrayFieldStart("indexes");
                for (JsonNode index : c.indexes()) {
                    JsonTrees.write(g, index);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("objects");
                for (ObjectRef o : c.objects()) {
                    g.writeStartObject();
                    string(g, "key", o.key());
                    string(g, "sha256", o.sha256());
                    g.writeNumberField("storedBytes", o.storedBytes());
                    g.writeNumberField("rawBytes", o.rawBytes());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeNumberField("documents", c.documents());
                string(g, "contentHash", c.contentHash());
                g.writeNumberField("rawBytes", c.rawBytes());
                g.writeNumberField("storedBytes", c.storedBytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            string(g, "purpose", m.purpose());
            if (m.note() != null) {
                g.writeStringField("note", m.note());
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private static void tree(JsonGenerator g, String name, JsonNode value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            JsonTrees.write(g, value);
        }
    }

    /**
     * The manifest in {@code json}: read directly when it is in the form {@link #write} produces, else by the record
     * binding (which also throws what it always threw for what it refuses).
     */
    static SnapshotManifest read(byte[] json) throws IOException {
        SnapshotManifest m = direct(json);
        return m != null ? m : SnapshotCatalog.json().readValue(json, SnapshotManifest.class);
    }

    /** The manifest when {@code json} is in the form {@link #write} produces, else null (read it with the binding). */
    static SnapshotManifest direct(byte[] json) {
        try (JsonParser p = JsonTrees.parser(json)) {
            SnapshotManifest m = manifest(p);
            return p.nextToken() == null ? m : null;
        } catch (NotTheWrittenForm | IOException | RuntimeException e) {
            return null; // the binding reads it, and reports any error as it always did
        }
    }

    private static SnapshotManifest manifest(JsonParser p) throws IOException, NotTheWrittenForm {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        Set<String> seen = new HashSet<>();
        int format = 0;
        long durationMillis = 0;
        String id = null;
        String db = null;
        String startedAt = null;
        String finishedAt = null;
        String tool = null;
        String purpose = null;
        String note = null;
        List<CollectionEntry> collections = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = field(p, seen, MANIFEST);
            JsonToken t = p.nextToken();
            switch (name) {
                case "format" -> format = intValue(p, t);
                case "durationMillis" -> durationMillis = longValue(p, t);
                case "id" -> id = text(p, t);
                case "db" -> db = text(p, t);
                case "startedAt" -> startedAt = text(p, t);
                case "finishedAt" -> finishedAt = text(p, t);
                case "tool" -> tool = text(p, t);
                case "purpose" -> purpose = text(p, t);
                case "note" -> note = text(p, t);
                default -> collections = collections(p, t);
            }
        }
        expect(p.currentToken(), JsonToken.END_OBJECT);
        if (seen.size() != MANIFEST.size() - (seen.contains("note") ? 0 : 1)) {
            throw new NotTheWrittenForm(); // a field missing: the binding's defaults decide
        }
        return new SnapshotManifest(format, id, db, startedAt, finishedAt, durationMillis, tool, collections, purpose, note);
    }

    private static List<CollectionEntry> collections(JsonParser p, JsonToken t) throws IOException, NotTheWrittenForm {
        expect(t, JsonToken.START_ARRAY);
        List<CollectionEntry> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            out.add(collection(p));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return out;
    }

    private static CollectionEntry collection(JsonParser p) throws IOException, NotTheWrittenForm {
        Set<String> seen = new HashSet<>();
        String name = null;
        String type = null;
        String contentHash = null;
        JsonNode options = null;
        JsonNode info = null;
        List<JsonNode> indexes = null;
        List<ObjectRef> objects = null;
        long documents = 0;
        long rawBytes = 0;
        long storedBytes = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = field(p, seen, COLLECTION);
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = text(p, t);
                case "type" -> type = text(p, t);
                case "contentHash" -> contentHash = text(p, t);
                case "options" -> options = tree(p, t);
                case "info" -> info = tree(p, t);
                case "indexes" -> indexes = trees(p, t);
                case "objects" -> objects = objects(p, t);
                case "documents" -> documents = longValue(p, t);
                case "rawBytes" -> rawBytes = longValue(p, t);
                default -> storedBytes = longValue(p, t);
            }
        }
        expect(p.currentToken(), JsonToken.END_OBJECT);
        if (seen.size() != COLLECTION.size()) {
            throw new NotTheWrittenForm();
        }
        return new CollectionEntry(name, type, options, info, indexes, objects, documents, contentHash, rawBytes, storedBytes);
    }

    private static List<ObjectRef> objects(JsonParser p, JsonToken t) throws IOException, NotTheWrittenForm {
        expect(t, JsonToken.START_ARRAY);
        List<ObjectRef> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Set<String> seen = new HashSet<>();
            String key = null;
            String sha256 = null;
            long stored = 0;
            long raw = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = field(p, seen, OBJECT);
                JsonToken v = p.nextToken();
                switch (field) {
                    case "key" -> key = text(p, v);
                    case "sha256" -> sha256 = text(p, v);
                    case "storedBytes" -> stored = longValue(p, v);
                    default -> raw = longValue(p, v);
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT);
            if (seen.size() != OBJECT.size()) {
                throw new NotTheWrittenForm();
            }
            out.add(new ObjectRef(key, sha256, stored, raw));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return out;
    }

    /** An array of JSON values other than null, each as the binding reads a {@code JsonNode}. */
    private static List<JsonNode> trees(JsonParser p, JsonToken t) throws IOException, NotTheWrittenForm {
        expect(t, JsonToken.START_ARRAY);
        List<JsonNode> out = new ArrayList<>();
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            out.add(tree(p, v));
        }
        return out;
    }

    /** An object or array (what listCollections and listIndexes return); a null or a scalar goes to the binding. */
    private static JsonNode tree(JsonParser p, JsonToken t) throws IOException, NotTheWrittenForm {
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            throw new NotTheWrittenForm();
        }
        return JsonTrees.value(p, t);
    }

    private static String field(JsonParser p, Set<String> seen, Set<String> known) throws IOException, NotTheWrittenForm {
        String name = p.currentName();
        if (!known.contains(name) || !seen.add(name)) {
            throw new NotTheWrittenForm(); // unknown (a newer writer), or twice
        }
        return name;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException, NotTheWrittenForm {
        expect(t, JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static int intValue(JsonParser p, JsonToken t) throws IOException, NotTheWrittenForm {
        expect(t, JsonToken.VALUE_NUMBER_INT);
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw new NotTheWrittenForm();
        }
        return p.getIntValue();
    }

    private static long longValue(JsonParser p, JsonToken t) throws IOException, NotTheWrittenForm {
        expect(t, JsonToken.VALUE_NUMBER_INT);
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new NotTheWrittenForm();
        }
        return p.getLongValue();
    }

    private static void expect(JsonToken actual, JsonToken wanted) throws NotTheWrittenForm {
        if (actual != wanted) {
            throw new NotTheWrittenForm();
        }
    }
}
