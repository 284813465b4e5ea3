package dev.prodguard.checklist;

import static dev.prodguard.checklist.Fixtures.context;
import static dev.prodguard.checklist.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.Secrets;
import dev.prodguard.roles.PasswordAges;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The items decided by configuration alone: environment variables, TLS, verify schedule, password ages, manual items. */
class ConfigItemsTest {
    private static final String ATLAS = "mongodb+srv://app:Cfg-Items-Pw-8812@cluster0.ab1cd.mongodb.net/";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path work;

    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    private static Map<String, String> prod(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", url);
        env.put("DB_NAME", "coinhubx_production");
        env.put("PRODUCTION", "true");
        return env;
    }

    @Test
    void environmentVariablesPassFromTheEnvironmentAndFromDotEnv() throws Exception {
        ItemResult fromEnv = run(new EnvironmentItem(), context(prod(ATLAS), work));
        assertThat(fromEnv.status()).as(fromEnv.toString()).isEqualTo(ItemStatus.PASS);
        assertThat(fromEnv.detail()).contains("MONGO_URL from environment", "PRODUCTION=true");

        Fixtures.write(work.resolve(".env"), "MONGO_URL=" + ATLAS + "\n");
        Map<String, String> env = prod(ATLAS);
        env.remove("MONGO_URL");
        ItemResult fromDotEnv = run(new EnvironmentItem(), context(env, work));
        assertThat(fromDotEnv.status()).isEqualTo(ItemStatus.PASS);
        assertThat(fromDotEnv.detail()).contains("MONGO_URL from .env");
    }

    @Test
    void environmentVariablesFailWhenTheConnectionStringIsInProdguardYml() throws Exception {
        Fixtures.write(work.resolve("prodguard.yml"), "mongo_url: \"" + ATLAS + "\"\n");
        Map<String, String> env = prod(ATLAS);
        env.remove("MONGO_URL");
        ItemResult r = run(new EnvironmentItem(), context(env, work));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.detail()).contains("prodguard.yml");
        assertThat(r.remedy()).contains("environment variable");
    }

    @Test
    void environmentVariablesFailWithoutProductionOrWithoutMongoUrl() throws Exception {
        Map<String, String> preview = prod(ATLAS);
        preview.remove("PRODUCTION");
        ItemResult noFlag = run(new EnvironmentItem(), context(preview, work));
        assertThat(noFlag.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(noFlag.detail()).contains("PRODUCTION is not set");
        assertThat(noFlag.remedy()).contains("PRODUCTION=true");

        ItemResult noUrl = run(new EnvironmentItem(), context(Map.of("PRODUCTION", "true"), work));
        assertThat(noUrl.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(noUrl.detail()).isEqualTo("MONGO_URL is not set");
    }

    @Test
    void tlsPassesForSrvAndTlsTrueAndTheDeclaredExemption() throws Exception {
        assertThat(run(new TlsItem(), context(prod(ATLAS), work)).status()).isEqualTo(ItemStatus.PASS);
        assertThat(run(new TlsItem(), context(prod("mongodb://db.example.com:27017/?tls=true"), work)).detail())
                .isEqualTo("TLS on (tls=true)");
        Map<String, String> exempt = prod("mongodb://10.0.0.5:27017/");
        exempt.put("PRODGUARD_ALLOW_NO_TLS", "true");
        ItemResult r = run(new TlsItem(), context(exempt, work));
        assertThat(r.status()).isEqualTo(ItemStatus.PASS);
        assertThat(r.detail()).contains("PRODGUARD_ALLOW_NO_TLS=true");
    }

    @Test
    void tlsFailsForAPlainConnection() throws Exception {
        ItemResult r = run(new TlsItem(), context(prod("mongodb://db.example.com:27017/"), work));
        assertThat(r.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(r.remedy()).contains("mongodb+srv://", "tls=true");
    }

    @Test
    void verifyScheduledPassesWithAScheduleAndFailsWithoutOrWhenInvalid() throws Exception {
        ItemResult none = run(new RestoreTestScheduledItem(), context(prod(ATLAS), work));
        assertThat(none.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(none.remedy()).contains("schedule: {verify: \"0 3 * * 0\"}");

        Fixtures.write(work.resolve("prodguard.yml"), "schedule:\n  verify: weekly\n");
        ItemResult weekly = run(new RestoreTestScheduledItem(), context(prod(ATLAS), work));
        assertThat(weekly.status()).isEqualTo(ItemStatus.PASS);
        assertThat(weekly.detail()).contains("every 7 d");

        Fixtures.write(work.resolve("prodguard.yml"), "schedule:\n  verify: P90D\n");
        ItemResult tooRare = run(new RestoreTestScheduledItem(), context(prod(ATLAS), work));
        assertThat(tooRare.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(tooRare.detail()).contains("schedule.verify", "31 days");

        Fixtures.write(work.resolve("prodguard.yml"), "schedule:\n  verify: sometimes\n");
        assertThat(run(new RestoreTestScheduledItem(), context(prod(ATLAS), work)).detail())
                .contains("schedule.verify 'sometimes' is not a schedule");

        // the guardian's own form (docs/guardian.md) is what check accepts: one grammar for both
        Fixtures.write(work.resolve("prodguard.yml"), "schedule:\n  verify: \"30 4 * * SAT\"\n");
        ItemResult cron = run(new RestoreTestScheduledItem(), context(prod(ATLAS), work));
        assertThat(cron.status()).isEqualTo(ItemStatus.PASS);
        assertThat(cron.detail()).contains("every 7 d");
    }

    @Test
    void verifyScheduleParsesNamesAndDurations() {
        assertThat(RestoreTestSchedule.parse("daily")).isEqualTo(Duration.ofDays(1));
        assertThat(RestoreTestSchedule.parse("Weekly")).isEqualTo(Duration.ofDays(7));
        assertThat(RestoreTestSchedule.parse("PT12H")).isEqualTo(Duration.ofHours(12));
        assertThat(RestoreTestSchedule.parse("p3d")).isEqualTo(Duration.ofDays(3));
        assertThat(dev.prodguard.text.Durations.human(Duration.ofHours(12))).isEqualTo("12 h");
    }

    @Test
    void passwordRotationIsManualWithoutRecordsPassesWhenFreshAndFailsAfter90Days() throws Exception {
        Map<String, String> env = prod(ATLAS);
        env.put("PRODGUARD_STATE_DIR", work.resolve("state").toString());
        Clock now = Clock.fixed(NOW, ZoneOffset.UTC);
        ItemResult none = run(new PasswordRotationItem(), context(env, work, work, now));
        assertThat(none.status()).isEqualTo(ItemStatus.MANUAL);
        assertThat(none.remedy()).contains("prodguard roles apply");

        new PasswordAges(work.resolve("state"), Clock.fixed(NOW.minus(Duration.ofDays(30)), ZoneOffset.UTC))
                .recordPasswordSet("coinhubx_app", "coinhubx_production");
        ItemResult fresh = run(new PasswordRotationItem(), context(env, work, work, now));
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(ItemStatus.PASS);
        assertThat(fresh.detail()).contains("oldest 30 days");

        new PasswordAges(work.resolve("state"), Clock.fixed(NOW.minus(Duration.ofDays(91)), ZoneOffset.UTC))
                .recordPasswordSet("coinhubx_analytics", "coinhubx_production");
        ItemResult overdue = run(new PasswordRotationItem(), context(env, work, work, now));
        assertThat(overdue.status()).isEqualTo(ItemStatus.FAIL);
        assertThat(overdue.detail()).contains("1 password(s) older than 90 days", "coinhubx_analytics", "91 days");
        assertThat(overdue.remedy()).isEqualTo("run 'prodguard roles rotate coinhubx_analytics'");
    }

    @Test
    void manualItemsAlwaysAskAPersonWithAnInstruction() throws Exception {
        for (ManualItem item : new ManualItem[] {ManualItem.atlasAccess(), ManualItem.networkAccess(),
            ManualItem.poolMonitoring(), ManualItem.disasterRecovery()}) {
            ItemResult r = run(item, context(prod(ATLAS), work));
            assertThat(r.status()).isEqualTo(ItemStatus.MANUAL);
            assertThat(r.remedy()).as(item.id()).isNotBlank();
            assertThat(r.detail()).as(item.id()).isNotBlank();
        }
        assertThat(run(ManualItem.disasterRecovery(), context(prod(ATLAS), work)).remedy()).contains("docs/commands.md", "restore");
    }
}
