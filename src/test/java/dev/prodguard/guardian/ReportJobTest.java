package dev.prodguard.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.monitor.SampleStore;
import dev.prodguard.report.Period;
import dev.prodguard.testing.MutableClock;
import dev.prodguard.testing.TestMongo;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guardian's report job on an injected clock: which report is due on which day, once a day, the newest N kept,
 * and the weekly one mailed through a real SMTP server (GreenMail) with the HTML attached.
 */
class ReportJobTest {
    private static final String SMTP_PASSWORD = "Mail-Report-Secret-41";

    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("reports@coinhubx.io", "mailer", SMTP_PASSWORD));

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    private Settings settings(Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", mongo.uri());
        env.put("DB_NAME", TestMongo.uniqueDb("reportjob"));
        env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        env.put("PRODGUARD_REPORT_KEEP", "2");
        env.putAll(more);
        return new SettingsLoader(env, dir, dir).load();
    }

    @Test
    void whichReportIsDueOnWhichDay() {
        assertThat(ReportJob.due(LocalDate.parse("2026-12-07"))).containsExactly(Period.WEEKLY); // a Monday
        assertThat(ReportJob.due(LocalDate.parse("2026-12-08"))).isEmpty();
        assertThat(ReportJob.due(LocalDate.parse("2026-12-01"))).containsExactly(Period.MONTHLY);
        assertThat(ReportJob.due(LocalDate.parse("2027-01-01"))).containsExactly(Period.MONTHLY, Period.QUARTERLY);
        assertThat(ReportJob.due(LocalDate.parse("2027-02-01"))).containsExactly(Period.WEEKLY, Period.MONTHLY);
    }

    @Test
    void writesOncePerDayKeepsTheNewestTwoAndMailsTheWeeklyOne() throws Exception {
        Settings s = settings(Map.of("PRODGUARD_REPORT_EMAIL", "true", "PRODGUARD_ALERT_EMAIL", "ops@coinhubx.io",
                "PRODGUARD_SMTP_URL", "smtp://mailer:" + SMTP_PASSWORD + "@127.0.0.1:" + MAIL.getSmtp().getPort()
                        + "?from=prodguard@coinhubx.io"));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T06:00:00Z"));
        try (SampleStore samples = SampleStore.open(dir.resolve("state"));
                var client = com.mongodb.client.MongoClients.create(mongo.uri())) {
            ReportJob job = new ReportJob(s, samples, null, client, clock);
            assertThat(job.run()).isEqualTo("reports: weekly report weekly-20261207-060000Z.html (mailed to ops@coinhubx.io)");
            clock.advance(Duration.ofHours(2));
            assertThat(job.run()).isEqualTo("reports: none due today"); // the same Monday: not again
            for (String day : List.of("2026-12-14", "2026-12-21")) {
                clock.set(Instant.parse(day + "T06:00:00Z"));
                assertThat(job.run()).startsWith("reports: weekly report weekly-" + day.replace("-", ""));
            }
            clock.set(Instant.parse("2027-01-01T06:00:00Z"));
            assertThat(job.run()).isEqualTo("reports: monthly report monthly-20270101-060000Z.html, quarterly report"
                    + " quarterly-20270101-060000Z.html");
        }
        try (Stream<Path> files = Files.list(dir.resolve("state/reports"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "monthly-20270101-060000Z.html", "monthly-20270101-060000Z.json",
                    "quarterly-20270101-060000Z.html", "quarterly-20270101-060000Z.json",
                    "weekly-20261214-060000Z.html", "weekly-20261214-060000Z.json",
                    "weekly-20261221-060000Z.html", "weekly-20261221-060000Z.json");
        }
        MimeMessage[] got = MAIL.getReceivedMessages();
        assertThat(got).hasSize(3); // the three weekly reports, one message each
        assertThat(got[0].getSubject()).startsWith("prodguard weekly report: reportjob_").endsWith(" (2026-12-07)");
        MimeMultipart parts = (MimeMultipart) got[0].getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).contains("The weekly maintenance report of reportjob_");
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("weekly-20261207-060000Z.html");
        String attached = new String(parts.getBodyPart(1).getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(attached).startsWith("<!DOCTYPE html>").contains("Weekly maintenance report: reportjob_")
                .doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void mailWithoutSmtpAndKeepZero() {
        assertThatThrownBy(() -> ReportJob.check(settings(Map.of("PRODGUARD_REPORT_EMAIL", "true"))))
                .hasMessage("PRODGUARD_REPORT_EMAIL is true but PRODGUARD_SMTP_URL or PRODGUARD_ALERT_EMAIL is not set; set"
                        + " both, or set PRODGUARD_REPORT_EMAIL=false");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T06:00:00Z"));
        try (SampleStore samples = SampleStore.open(dir.resolve("state"))) {
            assertThat(new ReportJob(settings(Map.of("PRODGUARD_REPORT_KEEP", "0")), samples, null, null, clock).run())
                    .isEqualTo("reports: off (PRODGUARD_REPORT_KEEP=0)");
        }
        assertThat(dir.resolve("state/reports")).doesNotExist();
    }
}
