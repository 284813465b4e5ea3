package dev.prodguard.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bson.BsonDocument;

/** Loads the change-event fixtures under src/test/resources/fixtures/change-events. */
public final class EventFixtures {
    public static final Path DIR = Paths.get("src/test/resources/fixtures/change-events");

    private EventFixtures() {}

    /** Names (without .json) of the real-server fixtures, written from MongoDB's documented format. */
    public static Stream<String> realServer() {
        return list(DIR);
    }

    /** Names of the fixtures captured from the embedded server. */
    public static Stream<String> embedded() {
        return list(DIR.resolve("embedded"));
    }

    /** A fixture by name ("insert", or "embedded/update-set"). */
    public static BsonDocument load(String name) {
        try {
            return BsonDocument.parse(Files.readString(DIR.resolve(name + ".json"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            String prefix = dir.equals(DIR) ? "" : DIR.relativize(dir) + "/";
            files.filter(p -> p.toString().endsWith(".json"))
                    .sorted(Comparator.naturalOrder())
                    .forEach(p -> names.add(prefix + p.getFileName().toString().replace(".json", "")));
            return names.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
