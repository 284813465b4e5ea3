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
    @Test
    void quickBenchmarkRunsAndReportsEveryKey() throws Exception {
        JsonNode json = new BenchmarkHarness(BenchOptions.quickRun(), System.err::println).run();
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        BenchmarkHarnessTest.assertShape(json, BenchOptions.quickRun().users());
    }
}
