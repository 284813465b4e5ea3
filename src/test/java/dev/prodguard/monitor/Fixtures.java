package dev.prodguard.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bson.Document;

/** Loads the documentation-shaped reply fixtures under {@code fixtures/monitor/}. */
final class Fixtures {
    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/monitor/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reply document. */
    static Document doc(String name) {
        return Document.parse(text(name));
    }

    /** An array of documents (a cursor's contents). */
    static List<Document> docs(String name) {
        return Document.parse("{\"a\": " + text(name) + "}").getList("a", Document.class);
    }
}
