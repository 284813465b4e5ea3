package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import org.bson.BsonDecimal128;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** Invariants parse from prodguard.yml with clear errors; results compare numbers by value. */
class InvariantTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void parsesExpectAndEqualsForms() throws Exception {
        var list = Invariant.parse(YAML.readTree("""
                - name: a
                  collection: wallets
                  pipeline: [{"$count": "n"}]
                  expect: {"n": 3}
                - name: b
                  collection: wallets
                  pipeline: []
                  equals: {collection: ledger, pipeline: [{"$match": {"x": {"$numberDecimal": "1.5"}}}]}
                """));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).expect()).hasSize(1);
        assertThat(list.get(1).otherPipeline().get(0).asDocument().getDocument("$match").get("x").isDecimal128()).isTrue();
    }

    @Test
    void badEntriesNameTheirPlace() throws Exception {
        assertThatThrownBy(() -> Invariant.parse(YAML.readTree("- name: x\n  collection: c\n  pipeline: []\n")))
                .isInstanceOfSatisfying(ProdguardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG);
                    assertThat(e.getMessage()).contains("invariants[1] (x)").contains("expect");
                });
        assertThatThrownBy(() -> Invariant.parse(YAML.readTree("- name: y\n  pipeline: []\n  expect: []\n")))
                .hasMessageContaining("needs 'collection'");
        assertThatThrownBy(() -> Invariant.parse(YAML.readTree("- {name: z, collection: c, pipeline: [1], expect: []}")))
                .hasMessageContaining("not a document");
        assertThatThrownBy(() -> Invariant.parse(YAML.readTree("a: b"))).hasMessageContaining("must be a list");
    }

    @Test
    void numbersCompareByValue() {
        assertThat(BsonEquivalence.equivalent(new BsonDecimal128(Decimal128.parse("100.50")),
                new BsonDecimal128(Decimal128.parse("100.5")))).isTrue();
        assertThat(BsonEquivalence.equivalent(new BsonInt32(3), new BsonInt64(3))).isTrue();
        assertThat(BsonEquivalence.equivalent(new BsonDouble(0.5), new BsonDecimal128(Decimal128.parse("0.5")))).isTrue();
        assertThat(BsonEquivalence.equivalent(new BsonDecimal128(Decimal128.parse("0.1")), new BsonDouble(0.1))).isFalse();
        assertThat(BsonEquivalence.equivalent(new BsonDecimal128(Decimal128.NaN), new BsonDecimal128(Decimal128.NaN))).isTrue();
        assertThat(BsonEquivalence.equivalent(new BsonDecimal128(Decimal128.NaN), new BsonInt32(0))).isFalse();
        assertThat(BsonEquivalence.equivalent(org.bson.BsonDocument.parse("{a: 1, b: 2}"),
                org.bson.BsonDocument.parse("{b: 2, a: {$numberLong: '1'}}"))).isTrue();
    }
}
