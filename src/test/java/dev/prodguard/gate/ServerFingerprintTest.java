package dev.prodguard.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.TestMongo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedded-server fingerprint: real MongoDB reply shapes (fixtures from the documentation)
 * must not be mistaken for the embedded server, and the embedded server must be recognised over the wire.
 */
class ServerFingerprintTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    private static final String EMBEDDED_BUILD_INFO =
            "{\"version\": \"6.0.0\", \"versionArray\": [6, 0, 0], \"maxBsonObjectSize\": 16777216, \"ok\": 1.0}";
    private static final String EMBEDDED_SERVER_STATUS =
            "{\"host\": \"laptop\", \"version\": \"6.0.0\", \"process\": \"java\", \"pid\": 4242, \"uptime\": 3,"
                    + " \"connections\": {\"current\": 1}, \"ok\": 1.0}";

    private static Document fixture(String name) {
        if (name.equals("-")) {
            return null;
        }
        if (name.equals("embedded-buildinfo")) {
            return Document.parse(EMBEDDED_BUILD_INFO);
        }
        if (name.equals("embedded-serverstatus")) {
            return Document.parse(EMBEDDED_SERVER_STATUS);
        }
        try (InputStream in = ServerFingerprintTest.class.getResourceAsStream(name + ".json")) {
            return Document.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "[{index}] buildInfo={0} serverStatus={1} -> embedded={2}")
    @CsvSource({
        // real servers ('-': the command failed, e.g. not authorized or unsupported on Atlas M0/Flex)
        "buildinfo-mongod-8.0,      serverstatus-mongod,   false",
        "buildinfo-mongod-8.0,      serverstatus-mongos,   false",
        "buildinfo-mongod-8.0,      -,                     false",
        "buildinfo-data-federation, -,                     false",
        "-,                         serverstatus-mongod,   false",
        "-,                         -,                     false",
        // the embedded server, by either signal
        "embedded-buildinfo,        embedded-serverstatus, true",
        "embedded-buildinfo,        -,                     true",
        "-,                         embedded-serverstatus, true",
        "buildinfo-mongod-8.0,      embedded-serverstatus, true",
    })
    void classify(String buildInfo, String serverStatus, boolean embedded) {
        ServerIdentity id = ServerFingerprint.classify(fixture(buildInfo), fixture(serverStatus));
        assertThat(id.embedded()).isEqualTo(embedded);
        assertThat(id.evidence()).isNotBlank();
    }

    @Test
    void atlasM0ErrorReplyIsNotAServerStatus() {
        // what M0 answers to serverStatus is an error document; the driver turns it into an exception
        Document error = fixture("atlas-m0-serverstatus-error");
        assertThat(error.get("process")).isNull();
        assertThat(ServerFingerprint.classify(fixture("buildinfo-mongod-8.0"), null).embedded()).isFalse();
    }

    @Test
    void recognisesTheEmbeddedServerOverTheWire() {
        Assumptions.assumeTrue(mongo.isEmbedded(), "only the embedded server is the embedded server");
        ServerIdentity id = ServerFingerprint.probe(mongo.client());
        assertThat(id.embedded()).isTrue();
        assertThat(id.version()).isEqualTo("6.0.0");
        assertThat(id.evidence()).contains("\"java\"");
    }

    @Test
    void aRealDeploymentIsNotTheEmbeddedServer() {
        Assumptions.assumeFalse(mongo.isEmbedded(), "runs only against PRODGUARD_IT_URI");
        assertThat(ServerFingerprint.probe(mongo.client()).embedded()).isFalse();
    }
}
