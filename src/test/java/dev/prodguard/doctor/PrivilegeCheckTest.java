package dev.prodguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bson.BsonDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PrivilegeCheck} against connectionStatus replies shaped after MongoDB's documentation. */
class PrivilegeCheckTest {
    private static final String DB = "coinhubx_production";

    @ParameterizedTest(name = "{0}: read={1} write={2}")
    @CsvSource({
        "readWriteAnyDatabase, true, true",
        "readOnlyAnalytics, true, false",
        "readWriteOtherDatabase, false, false",
        "rootAnyResource, true, true",
        "collectionOnly, true, true",
    })
    void readsPrivilegesForTheTestCollection(String fixture, boolean read, boolean write) throws IOException {
        Optional<PrivilegeCheck.Access> access = PrivilegeCheck.access(fixture(fixture), DB, ConnectionTest.COLLECTION);

        assertThat(access).isPresent();
        assertThat(access.get().read()).isEqualTo(read);
        assertThat(access.get().write()).isEqualTo(write);
    }

    @ParameterizedTest
    @CsvSource({"noAccessControl", "embedded"})
    void reportsNothingWhenTheServerCannotTell(String fixture) throws IOException {
        assertThat(PrivilegeCheck.access(fixture(fixture), DB, ConnectionTest.COLLECTION)).isEmpty();
    }

    @ParameterizedTest(name = "{0} covers {1}.{2}: {3}")
    @CsvSource({
        "'{db: \"\", collection: \"\"}', shop, orders, true",
        "'{db: \"shop\", collection: \"\"}', shop, orders, true",
        "'{db: \"shop\", collection: \"\"}', other, orders, false",
        "'{db: \"\", collection: \"orders\"}', other, orders, true",
        "'{db: \"shop\", collection: \"orders\"}', shop, users, false",
        "'{cluster: true}', shop, orders, false",
        "'{anyResource: true}', shop, orders, true",
    })
    void resourceDocumentsFollowMongoDbsRules(String resource, String db, String coll, boolean applies) {
        assertThat(PrivilegeCheck.applies(BsonDocument.parse(resource), db, coll)).isEqualTo(applies);
    }

    @org.junit.jupiter.api.Test
    void namesTheAuthenticatedUser() throws IOException {
        assertThat(PrivilegeCheck.access(fixture("readOnlyAnalytics"), DB, ConnectionTest.COLLECTION).orElseThrow().users())
                .isEqualTo("coinhubx_analytics@admin");
    }

    private static BsonDocument fixture(String name) throws IOException {
        try (InputStream in = PrivilegeCheckTest.class.getResourceAsStream("/doctor/connectionStatus-" + name + ".json")) {
            assertThat(in).as(name).isNotNull();
            return BsonDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
