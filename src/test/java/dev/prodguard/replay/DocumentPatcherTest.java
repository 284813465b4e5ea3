package dev.prodguard.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.capture.ChangeEventParser;
import dev.prodguard.capture.UpdateDelta;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class DocumentPatcherTest {
    private static BsonDocument patch(String doc, String updateDescription) {
        UpdateDelta delta = ChangeEventParser.delta(BsonDocument.parse(updateDescription));
        BsonDocument once = DocumentPatcher.apply(BsonDocument.parse(doc), delta);
        assertThat(DocumentPatcher.apply(once, delta)).as("idempotent").isEqualTo(once);
        return once;
    }

    @Test
    void setPastTheEndOfAnArrayPadsWithNullAndMissingParentsAreCreated() {
        assertThat(patch("{_id: 1, a: [1]}", "{updatedFields: {'a.3': 4, 'p.q.r': 1}}").toJson())
                .isEqualTo("{\"_id\": 1, \"a\": [1, null, null, 4], \"p\": {\"q\": {\"r\": 1}}}");
    }

    @Test
    void truncationRunsBeforeSetsAndUnsetOfAnElementLeavesNull() {
        assertThat(patch("{_id: 1, a: [0, {x: 1}, 2, 3], b: [5, 6]}",
                "{updatedFields: {'a.1.y': 2}, removedFields: ['b.0'], truncatedArrays: [{field: 'a', newSize: 2}]}").toJson())
                .isEqualTo("{\"_id\": 1, \"a\": [0, {\"x\": 1, \"y\": 2}], \"b\": [null, 6]}");
    }

    @Test
    void disambiguatedComponentsReachFieldNamesWithDotsAndNumericKeys() {
        assertThat(patch("{_id: 1, 'a.b': {c: 1}, a: {'0': 'z'}, arr: [{'0': 'old'}]}",
                "{updatedFields: {'a.b.c': 2, 'a.0': 'Z', 'arr.0.0': 'new'},"
                        + " disambiguatedPaths: {'a.b.c': ['a.b', 'c'], 'a.0': ['a', '0'], 'arr.0.0': ['arr', {$numberInt: '0'}, '0']}}").toJson())
                .isEqualTo("{\"_id\": 1, \"a.b\": {\"c\": 2}, \"a\": {\"0\": \"Z\"}, \"arr\": [{\"0\": \"new\"}]}");
    }

    @Test
    void removingWhatIsMissingChangesNothing() {
        assertThat(patch("{_id: 1, a: 1}", "{removedFields: ['x.y', 'a.b']}").toJson()).isEqualTo("{\"_id\": 1, \"a\": 1}");
    }
}
