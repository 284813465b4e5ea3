package dev.prodguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Random;

/**
 * Random JSON trees of the node types reading JSON text produces, for tests that hold a reader or writer to Jackson's
 * mapper: names and strings with the characters JSON escapes, non-ASCII letters and emoji; integers of each size
 * (a long is always beyond an int, so that it reads back as a long), doubles of every magnitude, booleans and nulls.
 */
public final class RandomJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] PARTS = {"a", "shop", "_id", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "é", "ß", "日本",
        "\uD83D\uDE80", " ", "$", ".", "\u2028"};

    private RandomJson() {}

    /** An object of up to four fields, nested up to {@code depth} levels. */
    public static ObjectNode object(Random r, int depth) {
        ObjectNode o = NODES.objectNode();
        for (int k = r.nextInt(5); k > 0; k--) {
            o.set(text(r), tree(r, depth - 1));
        }
        return o;
    }

    /** Any value; containers only above depth 0. */
    public static JsonNode tree(Random r, int depth) {
        return switch (depth <= 0 ? 4 + r.nextInt(8) : r.nextInt(12)) {
            case 0, 1 -> object(r, depth);
            case 2, 3 -> {
                ArrayNode a = NODES.arrayNode();
                for (int k = r.nextInt(4); k > 0; k--) {
                    a.add(tree(r, depth - 1));
                }
                yield a;
            }
            case 4 -> NODES.textNode(text(r));
            case 5 -> NODES.numberNode(r.nextInt() >> r.nextInt(31));
            case 6 -> NODES.numberNode(r.nextLong() | (1L << 40)); // beyond an int: read back as a long
            case 7 -> NODES.numberNode(BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(3 + r.nextInt(1000))));
            case 8 -> NODES.numberNode(r.nextInt(4) == 0 ? r.nextInt(1000) * 1.0 : Math.pow(10, r.nextInt(40) - 20) * r.nextGaussian());
            case 9 -> NODES.booleanNode(r.nextBoolean());
            default -> NODES.nullNode();
        };
    }

    /** Up to five pieces of {@link #PARTS}: possibly empty. */
    public static String text(Random r) {
        StringBuilder s = new StringBuilder();
        for (int k = r.nextInt(6); k > 0; k--) {
            s.append(PARTS[r.nextInt(PARTS.length)]);
        }
        return s.toString();
    }
}
