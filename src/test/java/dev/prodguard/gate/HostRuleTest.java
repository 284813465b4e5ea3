package dev.prodguard.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.MongoTarget;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 15 point 1: names are resolved (A/AAAA, SRV) and every address judged; failures are violations. */
class HostRuleTest {
    private static final String PW = "Vq7-rN2k_Lp9-Zx4w";

    /** A fake DNS: names to addresses, SRV names to targets; anything else does not exist. */
    record FakeDns(Map<String, List<String>> a, Map<String, List<String>> srv) implements HostResolver {
        @Override
        public List<InetAddress> addresses(String name) throws Exception {
            List<String> found = a.get(name);
            if (found == null) {
                throw new UnknownHostException(name);
            }
            List<InetAddress> out = new java.util.ArrayList<>();
            for (String literal : found) {
                out.add(InetAddress.getByName(literal)); // literals only: no look-up
            }
            return out;
        }

        @Override
        public List<String> srvTargets(String srvName) throws Exception {
            List<String> found = srv.get(srvName);
            if (found == null) {
                throw new javax.naming.NameNotFoundException(srvName);
            }
            return found;
        }
    }

    /** Every public-looking name of the other gate tests resolves to a public address. */
    static final HostResolver PUBLIC_DNS = new FakeDns(Map.of(
            "db.example.com", List.of("93.184.216.34"),
            "db1.example.com", List.of("93.184.216.35"),
            "db2.example.com", List.of("93.184.216.36"),
            "cluster0-shard-00-00.abcde.mongodb.net", List.of("52.1.2.3"),
            "ac-1.abcde.mongodb.net", List.of("52.1.2.4"),
            "ac-2.abcde.mongodb.net", List.of("52.1.2.5", "2600:1f18::5")),
            Map.of("_mongodb._tcp.c0.abcde.mongodb.net", List.of("ac-1.abcde.mongodb.net.", "ac-2.abcde.mongodb.net.")));

    private static final FakeDns DNS = new FakeDns(Map.of(
            "db.example.com", List.of("93.184.216.34"),
            "sneaky.example.com", List.of("127.0.0.1"),
            "dual.example.com", List.of("93.184.216.34", "10.0.0.7"),
            "v6.example.com", List.of("::1"),
            "meta.example.com", List.of("169.254.169.254"),
            "ac-1.abcde.mongodb.net", List.of("52.1.2.4"),
            "ac-bad.abcde.mongodb.net", List.of("192.168.0.9")),
            Map.of("_mongodb._tcp.c0.abcde.mongodb.net", List.of("ac-1.abcde.mongodb.net."),
                    "_mongodb._tcp.c1.abcde.mongodb.net", List.of("ac-1.abcde.mongodb.net.", "ac-bad.abcde.mongodb.net."),
                    "_mongodb._tcp.c2.abcde.mongodb.net", List.of("db.local."),
                    "_mongodb._tcp.empty.abcde.mongodb.net", List.of()));

    private static List<Violation> check(HostResolver dns, int timeoutMs, String uri) {
        GateFacts facts = GateFacts.offline(true, MongoTarget.parse(uri, "MONGO_URL"), "appdb", false);
        return new HostRule(dns, timeoutMs).check(facts);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
        "mongodb://app:" + PW + "@db.example.com/?tls=true,         ''",
        "mongodb://app:" + PW + "@sneaky.example.com/?tls=true,     host-loopback",
        "mongodb://app:" + PW + "@SNEAKY.Example.COM./?tls=true,    host-loopback",
        "mongodb://app:" + PW + "@dual.example.com/?tls=true,       host-private",
        "mongodb://app:" + PW + "@v6.example.com/?tls=true,         host-loopback",
        "mongodb://app:" + PW + "@meta.example.com/?tls=true,       host-metadata",
        "mongodb://app:" + PW + "@nowhere.example.com/?tls=true,    host-unresolved",
        "mongodb+srv://app:" + PW + "@c0.abcde.mongodb.net/,        ''",
        "mongodb+srv://app:" + PW + "@c1.abcde.mongodb.net/,        host-private",
        "mongodb+srv://app:" + PW + "@c2.abcde.mongodb.net/,        host-local-name",
        "mongodb+srv://app:" + PW + "@missing.abcde.mongodb.net/,   host-unresolved",
        "mongodb+srv://app:" + PW + "@empty.abcde.mongodb.net/,     host-unresolved",
        "mongodb+srv://app:" + PW + "@cluster.internal/,            host-local-name",
    })
    void resolvesNamesAndJudgesEveryAddress(String uri, String expected) {
        List<Violation> found = check(DNS, 1000, uri);
        assertThat(found.stream().map(Violation::rule).toList()).as(found.toString())
                .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
        found.forEach(v -> assertThat(v.message()).doesNotContain(PW).doesNotContain("\n"));
    }

    @Test
    void theViolationNamesTheAddressTheNameResolvedTo() {
        Violation v = check(DNS, 1000, "mongodb://app:" + PW + "@sneaky.example.com/?tls=true").get(0);
        assertThat(v.message()).contains("sneaky.example.com:27017").contains("resolves to 127.0.0.1").contains("loopback");
    }

    @Test
    void aResolverThatNeverAnswersIsCutOffAndReported() {
        CountDownLatch never = new CountDownLatch(1);
        HostResolver hanging = new HostResolver() {
            @Override
            public List<InetAddress> addresses(String name) throws Exception {
                never.await();
                return List.of();
            }

            @Override
            public List<String> srvTargets(String srvName) throws Exception {
                never.await();
                return List.of();
            }
        };
        long start = System.nanoTime();
        List<Violation> a = check(hanging, 300, "mongodb://app:" + PW + "@db.example.com/?tls=true");
        List<Violation> srv = check(hanging, 300, "mongodb+srv://app:" + PW + "@c0.abcde.mongodb.net/");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(a).extracting(Violation::rule).containsExactly("host-unresolved");
        assertThat(a.get(0).message()).contains("no answer within 300 ms");
        assertThat(srv).extracting(Violation::rule).containsExactly("host-unresolved");
        assertThat(srv.get(0).message()).contains("_mongodb._tcp.c0.abcde.mongodb.net");
        assertThat(millis).as("two bounded rounds of 300 ms").isLessThan(5000);
    }

    @Test
    void outsideProductionNothingIsResolved() {
        HostResolver refusing = new HostResolver() {
            @Override
            public List<InetAddress> addresses(String name) {
                throw new AssertionError("looked up " + name);
            }

            @Override
            public List<String> srvTargets(String srvName) {
                throw new AssertionError("looked up " + srvName);
            }
        };
        GateFacts facts = GateFacts.offline(false, MongoTarget.parse("mongodb://sneaky.example.com/", "MONGO_URL"),
                "appdb", false);
        assertThat(new HostRule(refusing, 1000).check(facts)).isEmpty();
    }
}
