package dev.prodguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code prodguard doctor} in-process, over the wire against the embedded server. */
class DoctorTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    private static final String PASSWORD = "Zq7-Recognisable-Pw-41";

    private CliRun doctor(Map<String, String> env, String... flags) {
        List<String> args = new ArrayList<>(List.of("doctor"));
        args.addAll(List.of(flags));
        return CliRun.run(env, dir, args.toArray(String[]::new));
    }

    @Test
    void passesAgainstTheEmbeddedServerAndLeavesNoTestCollection() {
        String db = TestMongo.uniqueDb("doctor");
        CliRun run = doctor(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db));

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("✓ URI syntax", "✓ DNS", "✓ TCP", "✓ server handshake", "✓ privileges",
                "✓ connection test", "all checks passed").doesNotContain("✗");
        assertThat(run.out).containsPattern("write \\d+ ms, read \\d+ ms, delete \\d+ ms in " + db
                + "\\.prodguard_connection_test");
        if (mongo.isEmbedded()) {
            assertThat(run.out).contains("legacy isMaster (this server lacks hello)")
                    .contains("connectionStatus with showPrivileges is not available on this server");
        }
        assertThat(mongo.client().getDatabase(db).listCollectionNames().into(new ArrayList<>()))
                .doesNotContain("prodguard_connection_test");
    }

    @Test
    void reportHasEveryLayerInOrder() throws Exception {
        String db = TestMongo.uniqueDb("doctor");
        DoctorReport report = new Doctor(3000).run(dev.prodguard.config.MongoTarget.parse(mongo.uri(), "MONGO_URL"), db);

        assertThat(report.layers()).extracting(LayerResult::layer).containsExactly(Layer.URI, Layer.DNS, Layer.TCP,
                Layer.TLS, Layer.HANDSHAKE, Layer.AUTH, Layer.PRIVILEGES, Layer.TEST);
        assertThat(report.layer(Layer.TLS).orElseThrow().status()).isEqualTo(Status.NOT_CHECKED);
        assertThat(report.layer(Layer.AUTH).orElseThrow().status()).isEqualTo(Status.NOT_CHECKED);
        assertThat(report.layer(Layer.TEST).orElseThrow().items()).extracting(Check::name)
                .containsExactly("write", "read", "delete", "clean up");
        assertThat(report.ok()).isTrue();
        assertThat(report.exitCode().exitCode()).isZero();
    }

    @Test
    void keepsTheTestCollectionWhenAnotherRunStillHasADocumentInIt() {
        String db = TestMongo.uniqueDb("doctor");
        mongo.client().getDatabase(db).getCollection("prodguard_connection_test").insertOne(new Document("other", 1));

        CliRun run = doctor(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db));

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(mongo.client().getDatabase(db).getCollection("prodguard_connection_test").countDocuments())
                .isEqualTo(1);
    }

    @Test
    void jsonOutputParsesAndHasTheLayerStructure() throws Exception {
        String db = TestMongo.uniqueDb("doctor");
        CliRun run = doctor(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db), "--json");

        assertThat(run.exitCode).as(run.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out);
        assertThat(run.out.strip().lines().count()).isEqualTo(1);
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("database").asText()).isEqualTo(db);
        assertThat(json.get("failedAt").isNull()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode layer : json.get("layers")) {
            ids.add(layer.get("id").asText());
            assertThat(layer.has("name") && layer.has("status") && layer.has("summary") && layer.has("remedy")
                    && layer.has("ms") && layer.get("items").isArray()).as(layer.toString()).isTrue();
        }
        assertThat(ids).containsExactly("uri", "dns", "tcp", "tls", "handshake", "auth", "privileges", "test", "repository");
        assertThat(json.get("layers").get(3).get("status").asText()).isEqualTo("not_checked");
        assertThat(json.get("timings").get("write").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(json.get("timings").get("read").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(json.get("timings").get("delete").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void jsonOutputOfAFailureNamesTheLayerAndTheRemedy() throws Exception {
        CliRun run = doctor(Map.of("MONGO_URL", "mongodb://alice:" + PASSWORD + "@127.0.0.1:" + closedPort() + "/",
                "DB_NAME", "shop"), "--json");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out);
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("failedAt").asText()).isEqualTo("tcp");
        assertThat(json.get("remedy").asText()).isEqualTo(Remedies.REFUSED);
        assertThat(json.get("layers").get(2).get("summary").asText()).contains("connection refused");
        assertThat(json.get("layers").get(3).get("status").asText()).isEqualTo("skipped");
        assertThat(run.err.strip()).startsWith("error: doctor failed at TCP: ").doesNotContain("\n");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void unencodedAtSignInThePasswordPointsAtUrlEncoding() {
        String secret = "Zq7@Recognisable";
        CliRun run = doctor(Map.of("MONGO_URL", "mongodb://alice:" + secret + "@127.0.0.1:27017/", "DB_NAME", "shop"));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out).contains("✗ URI syntax", "URL encoding", "%40").contains("- DNS ");
        assertThat(run.all()).doesNotContain(secret).doesNotContain("Zq7").doesNotContain("Recognisable");
    }

    @Test
    void unencodedColonInThePasswordPointsAtUrlEncoding() {
        String secret = "Zq7:Recognisable";
        CliRun run = doctor(Map.of("MONGO_URL", "mongodb://alice:" + secret + "@127.0.0.1:27017/", "DB_NAME", "shop"),
                "--json");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out).contains("\"failedAt\":\"uri\"", "URL encoding", "%3A");
        assertThat(run.all()).doesNotContain("Zq7").doesNotContain("Recognisable");
    }

    @Test
    void placeholderPasswordFromTheGuideIsCaught() {
        CliRun run = doctor(Map.of("MONGO_URL", "mongodb://alice:<password>@127.0.0.1:27017/", "DB_NAME", "shop"));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out).contains("✗ URI syntax", "placeholder");
    }

    @Test
    void unresolvableSrvNameIsReportedAtTheDnsLayerQuickly() {
        long start = System.nanoTime();
        CliRun run = doctor(Map.of("MONGO_URL", "mongodb+srv://alice:" + PASSWORD + "@cluster0.prodguard-test.invalid/",
                "DB_NAME", "shop"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).contains("✗ DNS", "_mongodb._tcp.cluster0.prodguard-test.invalid", "- TCP ")
                .contains("FAILED at DNS");
        assertThat(millis).as("DNS failure diagnosed in %d ms", millis).isLessThan(5_000);
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void unresolvablePlainHostIsReportedAtTheDnsLayer() {
        CliRun run = doctor(Map.of("MONGO_URL", "mongodb://db.prodguard-test.invalid:27017/", "DB_NAME", "shop"));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).contains("✗ DNS", "db.prodguard-test.invalid", Remedies.HOST_NOT_FOUND);
    }

    @Test
    void tlsAgainstThePlaintextEmbeddedServerIsReportedAtTheTlsLayer() {
        assumeTrue(mongo.isEmbedded(), "needs the plaintext embedded server");
        CliRun run = doctor(Map.of("MONGO_URL", "mongodb://alice:" + PASSWORD + "@127.0.0.1:" + mongo.embedded().port()
                + "/?tls=true", "DB_NAME", "shop", "PRODGUARD_CONNECT_TIMEOUT_MS", "1500"), "--verbose");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).contains("✓ TCP", "✗ TLS handshake", "does not speak TLS", "- server handshake")
                .contains("FAILED at TLS handshake");
        assertThat(run.out).contains(Remedies.TLS_PLAINTEXT);
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void credentialsAgainstAServerWithoutAuthenticationAreReportedHonestly() {
        assumeTrue(mongo.isEmbedded(), "needs the embedded server, which has no authentication");
        CliRun run = doctor(Map.of("MONGO_URL", "mongodb://alice:" + PASSWORD + "@127.0.0.1:" + mongo.embedded().port() + "/",
                "DB_NAME", "shop"));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).contains("✓ server handshake", "✗ authentication", "no authentication commands",
                Remedies.NO_AUTH_SUPPORT, "- privileges", "- connection test");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void aReplicaSetNameTheServerDoesNotHaveIsReportedAtTheHandshake() {
        assumeTrue(mongo.isEmbedded(), "the embedded server is a standalone");
        CliRun run = doctor(Map.of("MONGO_URL", mongo.uri() + "/?replicaSet=atlas-abc-shard-0", "DB_NAME", "shop"));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).contains("✗ server handshake", "replicaSet=atlas-abc-shard-0", "not in a replica set",
                Remedies.REPLICA_SET, "- authentication");
    }

    @Test
    void configurationProblemsStopEverythingWithExitThree() {
        CliRun run = doctor(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", "shop", "PRODUCTION", "maybe"));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out).contains("✗ configuration", "PRODUCTION='maybe'", "- URI syntax", "- connection test");
    }

    @Test
    void missingMongoUrlIsAConfigurationProblemAtTheUriLayer() {
        CliRun run = doctor(Map.of("DB_NAME", "shop"));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out).contains("✗ URI syntax", "MONGO_URL is not set");
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
