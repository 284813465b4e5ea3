package dev.prodguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.repo.JsonTrees;
import java.io.IOException;
import java.util.Collection;

/**
 * One JSON object per command for {@code --json}: trees written with jackson-core ({@link JsonTrees}); Jackson's
 * mapper only for the commands that turn records into trees, built at their first use (its first use in a process
 * costs tens of milliseconds of start-up).
 */
final class Json {
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private Json() {}

    /** The mapper, for commands that turn records into trees. */
    static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    static ObjectNode object() {
        return JsonTrees.object();
    }

    /** An array of the strings, in order; null for null (a JSON null where it is set), as the mapper turned them. */
    static ArrayNode strings(Collection<String> values) {
        if (values == null) {
            return null;
        }
        ArrayNode a = JsonTrees.array();
        values.forEach(a::add);
        return a;
    }

    static String write(Object value) {
        try {
            return value instanceof JsonNode tree ? JsonTrees.string(tree) : mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
