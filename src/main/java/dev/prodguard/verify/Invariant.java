package dev.prodguard.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.error.ProdguardException;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * A user-declared invariant from prodguard.yml {@code invariants:}: an aggregation over a collection
 * and either the result it must return ({@code expect}) or another aggregation whose result it must
 * equal ({@code equals: {collection, pipeline}}). Pipelines and values are Extended JSON, so
 * {@code {"$numberDecimal": "0"}} is a Decimal128.
 */
public record Invariant(String name, String collection, BsonArray pipeline, BsonArray expect,
        String otherCollection, BsonArray otherPipeline) {

    /** Parses the {@code invariants:} section. @throws ProdguardException CONFIG naming the bad entry */
    public static List<Invariant> parse(JsonNode section) {
        List<Invariant> out = new ArrayList<>();
        if (section == null || section.isMissingNode() || section.isNull()) {
            return out;
        }
        if (!section.isArray()) {
            throw ProdguardException.config("prodguard.yml invariants: must be a list of {name, collection, pipeline,"
                    + " expect | equals}");
        }
        int i = 0;
        for (JsonNode n : section) {
            i++;
            String name = n.path("name").asText("invariant " + i);
            String where = "prodguard.yml invariants[" + i + "] (" + name + ")";
            String coll = text(n, "collection", where);
            BsonArray pipeline = pipeline(n.get("pipeline"), where + ".pipeline");
            JsonNode eq = n.get("equals");
            JsonNode ex = n.get("expect");
            if ((eq == null) == (ex == null)) {
                throw ProdguardException.config(where + " needs exactly one of 'expect' (the result) or 'equals'"
                        + " (another collection and pipeline)");
            }
            if (ex != null) {
                out.add(new Invariant(name, coll, pipeline, expected(ex, where), null, null));
            } else {
                out.add(new Invariant(name, coll, pipeline, null, text(eq, "collection", where + ".equals"),
                        pipeline(eq.get("pipeline"), where + ".equals.pipeline")));
            }
        }
        return out;
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ProdguardException.config(where + " needs '" + field + "'");
        }
        return v.asText();
    }

    private static BsonArray pipeline(JsonNode n, String where) {
        if (n == null || !n.isArray()) {
            throw ProdguardException.config(where + " must be a list of aggregation stages");
        }
        try {
            BsonArray stages = BsonArray.parse(n.toString());
            for (BsonValue s : stages) {
                if (!s.isDocument()) {
                    throw ProdguardException.config(where + " holds a stage that is not a document: " + s);
                }
            }
            return stages;
        } catch (RuntimeException e) {
            if (e instanceof ProdguardException pe) {
                throw pe;
            }
            throw ProdguardException.config(where + " is not valid Extended JSON: " + e.getMessage());
        }
    }

    private static BsonArray expected(JsonNode n, String where) {
        try {
            if (n.isArray()) {
                return BsonArray.parse(n.toString());
            }
            if (n.isObject()) {
                return new BsonArray(List.of(BsonDocument.parse(n.toString())));
            }
        } catch (RuntimeException e) {
            throw ProdguardException.config(where + ".expect is not valid Extended JSON: " + e.getMessage());
        }
        throw ProdguardException.config(where + ".expect must be a document or a list of documents");
    }
}
