package dev.prodguard.checklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner keeps items independent (a throwing or hanging item never hides the others; a hanging
 * network item is bounded by the connect timeout) and the renderers show every status. The items
 * here are stand-ins that force those failures; the real items are tested against real parts elsewhere.
 */
class ChecklistRunnerTest {
    @TempDir
    Path work;

    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void release() {
        never.countDown();
        Secrets.clearForTests();
    }

    /** A stand-in item with a fixed behaviour. */
    private static CheckItem item(String id, int waits, ThrowingRun body) {
        return new BaseItem(id, "item " + id, waits, Stage.PRE_LIVE) {
            @Override
            public ItemResult run(CheckContext ctx) throws Exception {
                return body.run(this);
            }
        };
    }

    private interface ThrowingRun {
        ItemResult run(CheckItem self) throws Exception;
    }

    private CheckContext ctx() {
        return Fixtures.context(Map.of("PRODGUARD_CONNECT_TIMEOUT_MS", "300"), work);
    }

    @Test
    void oneItemThrowingOrHangingNeverHidesTheOthers() throws Exception {
        Checklist list = new Checklist(List.of(
                item("a", 0, self -> ItemResult.pass(self, "fine")),
                item("config", 0, self -> {
                    throw ProdguardException.config("MONGO_URL is not set; set it");
                }),
                item("bug", 0, self -> {
                    throw new IllegalStateException("boom");
                }),
                item("hangs", 2, self -> {
                    never.await();
                    return ItemResult.pass(self, "never");
                }),
                item("z", 0, self -> ItemResult.manual(self, "look", "do it"))));
        long start = System.nanoTime();
        ChecklistReport report = list.run(Stage.PRE_LIVE, ctx());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(report.items()).extracting(ItemResult::id).containsExactly("a", "config", "bug", "hangs", "z");
        assertThat(report.items()).extracting(ItemResult::status).containsExactly(ItemStatus.PASS, ItemStatus.FAIL,
                ItemStatus.FAIL, ItemStatus.FAIL, ItemStatus.MANUAL);
        assertThat(report.item("config").detail()).isEqualTo("MONGO_URL is not set; set it");
        assertThat(report.item("bug").detail()).isEqualTo("internal error: IllegalStateException: boom");
        assertThat(report.item("hangs").detail()).isEqualTo("no answer within 600 ms (2 x PRODGUARD_CONNECT_TIMEOUT_MS)");
        assertThat(ms).as("bounded by 2 x 300 ms, not by the hanging item").isLessThan(5_000);
        assertThat(report.exitCode()).isEqualTo(ErrorCode.CHECK_FAILED);
        assertThat(report.summary()).isEqualTo("1 passed, 3 failed, 1 manual, 0 skipped");
    }

    @Test
    void manualAndSkippedItemsDoNotFailTheRun() throws Exception {
        ChecklistReport report = new Checklist(List.of(item("m", 0, self -> ItemResult.manual(self, "x", "y")),
                item("s", 0, self -> ItemResult.skipped(self, "not git")))).run(Stage.PRE_LIVE, ctx());
        assertThat(report.ok()).isTrue();
        assertThat(report.exitCode()).isEqualTo(ErrorCode.OK);
    }

    @Test
    void theStandardListsFollowTheGuide() {
        Checklist std = Checklist.standard();
        assertThat(std.items(Stage.PRE_LIVE)).extracting(CheckItem::id).containsExactly("cluster-reachable",
                "environment-variables", "network-access", "tls", "gate", "no-credentials-in-source", "dotenv-ignored",
                "alerts", "backups", "password-rotation", "team-atlas-access");
        assertThat(std.items(Stage.POST_LIVE)).extracting(CheckItem::id).containsExactly("cluster-reachable", "gate",
                "backups", "password-rotation", "first-transactions", "connection-pool-monitored", "verify-scheduled",
                "disaster-recovery-documented");
    }

    private ChecklistReport mixed() throws Exception {
        return new Checklist(List.of(
                item("p", 0, self -> ItemResult.pass(self, "ok here").withNotes(List.of("detail note"))),
                item("f", 0, self -> ItemResult.fail(self, "broken", "fix it").withNotes(List.of("where"))),
                item("m", 0, self -> ItemResult.manual(self, "cannot see", "look in Atlas")),
                item("s", 0, self -> ItemResult.skipped(self, "not a git repository")))).run(Stage.PRE_LIVE, ctx());
    }

    @Test
    void textShowsMarksRemediesAndASummaryInUnicodeAndAscii() throws Exception {
        ChecklistReport report = mixed();
        List<String> uni = new ChecklistText(true, false).lines(report);
        assertThat(String.join("\n", uni)).contains("✓      item p", "✗      item f", "manual item m", "-      item s",
                "      → fix it", "      → look in Atlas", "      - where")
                .doesNotContain("detail note")
                .contains("check pre-live: 1 passed, 1 failed, 1 manual, 1 skipped");
        List<String> ascii = new ChecklistText(false, true).lines(report);
        String all = String.join("\n", ascii);
        assertThat(all).contains("[ok]     item p", "[FAIL]   item f", "[manual] item m", "[skip]   item s",
                "      -> fix it", "      - detail note", "FAILED: fix the items marked [FAIL]");
        assertThat(all.chars().allMatch(c -> c < 128)).as("ASCII only").isTrue();
    }

    @Test
    void jsonIsOneObjectWithEveryItem() throws Exception {
        String json = ChecklistJson.render(mixed());
        assertThat(json.lines().count()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.get("stage").asText()).isEqualTo("pre-live");
        assertThat(n.get("ok").asBoolean()).isFalse();
        assertThat(n.get("exitCode").asInt()).isEqualTo(1);
        assertThat(n.get("counts").get("manual").asInt()).isEqualTo(1);
        assertThat(n.get("items")).hasSize(4);
        JsonNode f = n.get("items").get(1);
        assertThat(f.get("id").asText()).isEqualTo("f");
        assertThat(f.get("status").asText()).isEqualTo("fail");
        assertThat(f.get("remedy").asText()).isEqualTo("fix it");
        assertThat(f.get("notes").get(0).asText()).isEqualTo("where");
        assertThat(f.get("ms").isNumber()).isTrue();
    }

    @Test
    void stagesParseFromTheCommandLineNames() {
        assertThat(Stage.parse("pre-live")).isEqualTo(Stage.PRE_LIVE);
        assertThat(Stage.parse("POST_LIVE")).isEqualTo(Stage.POST_LIVE);
        assertThat(Stage.POST_LIVE.wireName()).isEqualTo("post-live");
    }
}
