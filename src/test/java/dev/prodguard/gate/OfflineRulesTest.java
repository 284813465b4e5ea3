package dev.prodguard.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.CommonPasswords;
import dev.prodguard.config.MongoTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the rules that need no database: host, TLS, password presence. Both directions. */
class OfflineRulesTest {
    private static final String STRONG = "Vq7-rN2k_Lp9-Zx4w";

    private static List<String> violations(GateRule rule, boolean production, String uri, boolean allowNoTls) {
        GateFacts facts = GateFacts.offline(production, MongoTarget.parse(uri, "MONGO_URL"), "appdb", allowNoTls);
        List<String> ids = new ArrayList<>();
        for (Violation v : rule.check(facts)) {
            assertThat(v.message()).doesNotContain(STRONG);
            ids.add(v.rule());
        }
        return ids;
    }

    @ParameterizedTest(name = "[{index}] production={0} host={1} -> {2}")
    @CsvSource({
        // production: every local kind of host fails
        "true,  localhost,                         host-loopback",
        "true,  LOCALHOST,                         host-loopback",
        "true,  127.0.0.1,                         host-loopback",
        "true,  127.8.9.10,                        host-loopback",
        "true,  [::1],                             host-loopback",
        "true,  0.0.0.0,                           host-unspecified",
        "true,  db.localhost,                      host-loopback",
        "true,  10.0.0.5,                          host-private",
        "true,  172.16.4.2,                        host-private",
        "true,  172.31.255.1,                      host-private",
        "true,  192.168.1.20,                      host-private",
        "true,  [fd12:3456::1],                    host-private",
        "true,  169.254.10.1,                      host-link-local",
        "true,  [fe80::1],                         host-link-local",
        "true,  mongo,                             host-single-label",
        "true,  127.1,                             host-loopback",
        "true,  localhost.,                        host-loopback",
        "true,  localhost.localdomain,             host-loopback",
        "true,  10.1,                              host-private",
        "true,  192.168.1,                         host-private",
        "true,  172.16.1,                          host-private",
        "true,  169.254.43518,                     host-metadata",
        "true,  host.docker.internal,              host-local-name",
        "true,  mongo.local,                       host-local-name",
        "true,  mongodb,                           host-single-label",
        "true,  db,                                host-single-label",
        // production: real hosts pass
        "true,  cluster0-shard-00-00.abcde.mongodb.net, ''",
        "true,  db.example.com,                    ''",
        "true,  8.8.8.8,                           ''",
        "true,  172.32.0.1,                        ''",
        // not production: nothing is checked
        "false, localhost,                         ''",
        "false, 10.0.0.5,                          ''",
        "false, mongo,                             ''",
    })
    void hostRule(boolean production, String host, String expected) {
        String uri = "mongodb://app:" + STRONG + "@" + host + ":27017/?tls=true";
        assertThat(violations(new HostRule(HostRuleTest.PUBLIC_DNS, 1000), production, uri, false))
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "[{index}] one violation per bad host of a seed list")
    @CsvSource({
        "'db1.example.com,localhost:27018,mongo:27019', 'host-loopback,host-single-label'",
        "'db1.example.com,db2.example.com', ''",
    })
    void hostRuleSeedList(String hosts, String expected) {
        String uri = "mongodb://app:" + STRONG + "@" + hosts + "/?tls=true";
        assertThat(violations(new HostRule(HostRuleTest.PUBLIC_DNS, 1000), true, uri, false))
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
    }

    @ParameterizedTest(name = "[{index}] production={0} allowNoTls={2} {1} -> {3}")
    @CsvSource({
        "true,  mongodb://app:" + STRONG + "@db.example.com/,                   false, tls-off",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?tls=false,         false, tls-off",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?ssl=false,         false, tls-off",
        "true,  mongodb+srv://app:" + STRONG + "@c0.abcde.mongodb.net/?tls=false, false, tls-off",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?tls=true,          false, ''",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?ssl=true,          false, ''",
        "true,  mongodb+srv://app:" + STRONG + "@c0.abcde.mongodb.net/,         false, ''",
        "true,  mongodb://app:" + STRONG + "@db.example.com/,                   true,  ''",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?tls=true&tlsInsecure=true,                 false, tls-insecure",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?tls=true&tlsAllowInvalidHostnames=true,    false, tls-insecure",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?tls=true&TLSALLOWINVALIDCERTIFICATES=TRUE, false, tls-insecure",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?ssl=true&sslAllowInvalidCertificates=1,    false, tls-insecure",
        "true,  mongodb://app:" + STRONG + "@db.example.com/?ssl=true&sslAllowInvalidHostnames=true,    false, tls-insecure",
        "true,  mongodb+srv://app:" + STRONG + "@c0.abcde.mongodb.net/?tlsInsecure=true,                false, tls-insecure",
        "true,  mongodb+srv://app:" + STRONG + "@c0.abcde.mongodb.net/?tlsAllowInvalidHostnames=false,  false, ''",
        "false, mongodb+srv://app:" + STRONG + "@c0.abcde.mongodb.net/?tlsInsecure=true,                false, ''",
        "false, mongodb://app:" + STRONG + "@db.example.com/,                   false, ''",
    })
    void tlsRule(boolean production, String uri, boolean allowNoTls, String expected) {
        assertThat(violations(new TlsRule(), production, uri, allowNoTls))
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "[{index}] production={0} {1} -> {2}")
    @CsvSource({
        "true,  mongodb+srv://c0.abcde.mongodb.net/,                                        password-missing",
        "true,  mongodb+srv://app:@c0.abcde.mongodb.net/,                                   password-missing",
        "true,  mongodb+srv://app:" + STRONG + "@c0.abcde.mongodb.net/,                     ''",
        "true,  mongodb+srv://c0.abcde.mongodb.net/?authMechanism=MONGODB-X509,             ''",
        "true,  mongodb+srv://c0.abcde.mongodb.net/?authMechanism=MONGODB-AWS&authSource=$external, ''",
        "false, mongodb+srv://c0.abcde.mongodb.net/,                                        ''",
    })
    void passwordPresence(boolean production, String uri, String expected) {
        assertThat(violations(new PasswordRule(CommonPasswords.bundled()), production, uri, false))
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
    }
}
