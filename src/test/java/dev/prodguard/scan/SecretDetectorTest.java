package dev.prodguard.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.Entropy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretDetectorTest {
    private final SecretDetector detector = new SecretDetector();

    private List<Rule> rules(String line) {
        return detector.scanLine(line, true).stream().map(SecretDetector.Match::rule).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MONGO_URL=mongodb+srv://<username>:<password>@<cluster>.mongodb.net/?retryWrites=true&w=majority",
        "mongodb://user:pass@localhost:27017/test",
        "mongodb://admin:xxxxx@db.internal:27017",
        "mongodb://app:****@cluster0.mongodb.net",
        "mongodb://app:${MONGO_PASSWORD}@cluster0.mongodb.net",
        "mongodb://app:$MONGO_PASSWORD@cluster0.mongodb.net",
        "mongodb+srv://coinhubx_admin:YOUR_PASSWORD@cluster.mongodb.net",
        "mongodb://app:{password}@host",
        "mongodb://app:%s@host",
        "mongodb://localhost:27017/coinhubx",
        "password = \"${DB_PASSWORD}\"",
        "password: $MONGO_PASSWORD",
        "token = \"xxxxxxxxxxxxxxxx\"",
        "secret = \"****************\"",
        "password = \"YOUR_PASSWORD\"",
        "password=\"password\"",
        "api_key: \"<your-api-key>\"",
        "DB_PASSWORD=your_password_here",
        "password = os.environ[\"DB_PASSWORD\"]",
        "const token = process.env.API_TOKEN;",
        "ATLAS_PRIVATE_KEY=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        "ATLAS_PRIVATE_KEY=00000000-0000-0000-0000-000000000000",
        "client_secret: mdb_sa_sk_xxxxxxxxxxxxxxxxxxxxxxxx",
        "password: changeme",
        "// the password must be at least twelve characters long",
        "- Secrets: everything printed goes through the scrubber",
        "token: authorization",
        "SECRET_NAME=MONGO_PASSWORD_PRODUCTION",
    })
    void placeholdersAndReferencesAreNotReported(String line) {
        assertThat(detector.scanLine(line, true)).as(line).isEmpty();
    }

    @Test
    void mongoUriPasswordIsFoundAndOnlyThePasswordIsTheSecret() {
        String pw = GitFixture.secret(16);
        var matches = detector.scanLine("MONGO_URL=mongodb+srv://app:" + pw + "@c0.ab12.mongodb.net/db?w=majority", true);
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.rule()).isEqualTo(Rule.MONGODB_URI_CREDENTIALS);
            assertThat(m.secret()).isEqualTo(pw);
            assertThat(m.toString()).doesNotContain(pw);
        });
    }

    @Test
    void atlasKeysAreFound() {
        assertThat(rules("ATLAS_PRIVATE_KEY=" + GitFixture.uuid())).containsExactly(Rule.ATLAS_API_PRIVATE_KEY);
        assertThat(rules("  \"privateApiKey\": \"" + GitFixture.uuid() + "\",")).containsExactly(Rule.ATLAS_API_PRIVATE_KEY);
        assertThat(rules("client_secret: mdb_sa_sk_" + GitFixture.secret(40))).containsExactly(Rule.ATLAS_SERVICE_ACCOUNT_SECRET);
        // a UUID without a private-key name is an ordinary id
        assertThat(rules("requestId = \"" + GitFixture.uuid() + "\"")).isEmpty();
    }

    @Test
    void genericSecretNeedsASecretNameAndEntropy() {
        assertThat(rules("JWT_SECRET=" + GitFixture.secret(32))).containsExactly(Rule.HIGH_ENTROPY_SECRET);
        assertThat(rules("  \"apiKey\": \"" + GitFixture.secret(24) + "\"")).containsExactly(Rule.HIGH_ENTROPY_SECRET);
        assertThat(rules("db_password: 'S3cr3t-Pa55w0rd!'")).containsExactly(Rule.HIGH_ENTROPY_SECRET);
        assertThat(rules("greeting = \"" + GitFixture.secret(32) + "\"")).isEmpty(); // no secret-like name
        assertThat(rules("password = \"aaaaabbbbb\"")).isEmpty(); // entropy 1 bit/char
        assertThat(rules("token = \"Ab3\"")).isEmpty(); // too short
        assertThat(rules("token = \"qWeRtYuIoPaSdFgHjK\"")).containsExactly(Rule.HIGH_ENTROPY_SECRET); // random letters
        assertThat(Entropy.shannon("aaaaabbbbb")).isEqualTo(1.0);
    }

    @Test
    void lockFilesSkipTheEntropyRuleButNotTheUriRule() {
        String integrity = "\"integrity\": \"sha512-" + GitFixture.secret(40) + "\", \"token\": \"" + GitFixture.secret(40) + "\"";
        assertThat(detector.scanLine(integrity, ContentReader.entropyRuleApplies("web/package-lock.json"))).isEmpty();
        assertThat(ContentReader.entropyRuleApplies("src/app.js")).isTrue();
        assertThat(detector.scanLine("mongodb://u:" + GitFixture.secret(12) + "@h/db", false)).hasSize(1);
    }

    @Test
    void maskShowsTwoCharactersOnly() {
        assertThat(Masking.mask("abcdefghij")).isEqualTo("ab****");
        assertThat(Masking.mask("abc")).isEqualTo("****");
        assertThat(Masking.fingerprint(Rule.HIGH_ENTROPY_SECRET, "a", "s")).hasSize(64)
                .isNotEqualTo(Masking.fingerprint(Rule.HIGH_ENTROPY_SECRET, "b", "s"));
    }
}
