package dev.prodguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The quick benchmark end to end (excluded from the default run). Run:
 * {@code mvn -o -B test -Dsurefire.excludedGroups= -Dsurefire.groups=bench -Dtest=BenchSmokeTest}.
 * Ratios are printed, not asserted: this machine's load is not the code's fault.
 */
@Tag("bench")
class BenchSmokeTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    static dev.prodguard.testing.TestS3 s3 = new dev.prodguard.testing.TestS3();

    /**
     * The quick benchmark with the object-storage part against s3proxy in-process (transient store), users from
     * {@code -Dbench.users} (default: the quick run's). Prints the JSON; the object_storage figures are the report's.
     */
    @Test
    void quickBenchmarkWithObjectStorage() throws Exception {
        BenchmarkHarness.Options o = BenchmarkHarness.Options.quickRun();
        String users = System.getProperty("bench.users");
        if (users != null) {
            o = o.withUsers(Integer.parseInt(users)).withWarmups(1).withRepetitions(3);
        }
        JsonNode json = new BenchmarkHarness(o, System.err::println)
                .withObjectStorage(() -> s3.newStorage("bench/")).run();
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        BenchmarkHarnessTest.assertShape(json, o.users());
        BenchmarkHarnessTest.assertObjectStorage(json);
    }

    @Test
    void quickBenchmarkRunsAndReportsEveryKey() throws Exception {
        JsonNode json = new BenchmarkHarness(BenchmarkHarness.Options.quickRun(), System.err::println).run();
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        BenchmarkHarnessTest.assertShape(json, BenchmarkHarness.Options.quickRun().users());
    }
}
