package dev.prodguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering and exit codes of hand-built reports (the layers themselves are tested over the wire). */
class ReportTextTest {
    private static DoctorReport failedAtTcp() {
        return new DoctorReport("alice@db.example.com:27017", "shop", 3000, List.of(
                LayerResult.pass(Layer.URI, "mongodb://, 1 host(s)", -1, List.of()),
                LayerResult.pass(Layer.DNS, "1 host(s) resolved", 2, List.of(Check.pass("db.example.com", "resolves to 10.0.0.1", 2))),
                LayerResult.fail(Layer.TCP, "db.example.com:27017: timed out", Remedies.TCP_TIMEOUT, 3000,
                        List.of(Check.fail("db.example.com:27017", "timed out (10.0.0.1:27017, no answer within 3000 ms)", 3000))),
                LayerResult.skipped(Layer.TLS, Layer.TCP)), 3010);
    }

    @Test
    void showsMarksItemsOfFailedLayersAndTheRemedy() {
        List<String> lines = new ReportText(true, false).lines(failedAtTcp());

        assertThat(lines.get(0)).isEqualTo("prodguard doctor: alice@db.example.com:27017 (database shop, timeout 3000 ms)");
        assertThat(lines).anyMatch(l -> l.startsWith("  ✓ URI syntax"))
                .anyMatch(l -> l.startsWith("  ✗ TCP") && l.endsWith("(3.0 s)"))
                .anyMatch(l -> l.equals("      → " + Remedies.TCP_TIMEOUT))
                .anyMatch(l -> l.startsWith("  - TLS handshake      skipped: TCP failed"))
                .noneMatch(l -> l.contains("resolves to")); // items of passed single-host layers only with --verbose
        assertThat(lines.get(lines.size() - 1)).startsWith("doctor: FAILED at TCP (1 problem, 3.0 s)");
    }

    @Test
    void verboseShowsEveryItemAndAsciiHasNoUnicode() {
        List<String> lines = new ReportText(false, true).lines(failedAtTcp());

        assertThat(lines).anyMatch(l -> l.contains("[ok]   db.example.com: resolves to 10.0.0.1"))
                .anyMatch(l -> l.startsWith("  [FAIL] TCP")).anyMatch(l -> l.startsWith("      -> "));
        assertThat(String.join("\n", lines)).matches("\\p{ASCII}*");
    }

    @Test
    void exitCodes() {
        assertThat(failedAtTcp().exitCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        assertThat(Doctor.configProblem("MONGO_URL is empty", true, Remedies.COPY_URI, "x", "shop", 3000).exitCode())
                .isEqualTo(ErrorCode.CONFIG);
        assertThat(new DoctorReport("x", "shop", 3000, List.of(LayerResult.pass(Layer.URI, "ok", -1, List.of()),
                LayerResult.notChecked(Layer.TLS, "not requested")), 1).exitCode()).isEqualTo(ErrorCode.OK);
    }

    @Test
    void jsonNamesTheFirstFailureAndItsRemedy() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.render(failedAtTcp()));

        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        assertThat(json.get("failedAt").asText()).isEqualTo("tcp");
        assertThat(json.get("remedy").asText()).isEqualTo(Remedies.TCP_TIMEOUT);
        assertThat(json.get("layers").get(2).get("items").get(0).get("status").asText()).isEqualTo("fail");
        assertThat(json.get("layers").get(3).get("ms").isNull()).isTrue();
        assertThat(json.get("timings").get("tcp").asLong()).isEqualTo(3000);
    }
}
