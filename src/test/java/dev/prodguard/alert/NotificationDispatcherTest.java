package dev.prodguard.alert;

import dev.prodguard.testing.LogCapture;
import dev.prodguard.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.prodguard.config.Secrets;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failing channel, end to end over real HTTP and SMTP: retried with backoff on a scheduler the
 * test drives (no sleeps), then reported through the other channel, logged once, secrets nowhere.
 */
class NotificationDispatcherTest {
    private static final String HOOK_TOKEN = "xoxHookToken9911";
    private static final String SLACK_PATH = "/services/T0AAA111/B0BBB222/" + HOOK_TOKEN;
    private static final String SMTP_PASSWORD = "Mail-Pw-77421";
    private static final Instant T0 = Instant.parse("2026-11-25T10:42:00Z");
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(30), 4);

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
        ServerSetupTest.SMTP})).withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", SMTP_PASSWORD));

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private WebhookReceiver receiver;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        receiver.close();
        Secrets.clearForTests();
    }

    private EmailNotifier email() {
        return new EmailNotifier(SmtpUrl.parse("smtp://mailer:" + SMTP_PASSWORD + "@127.0.0.1:"
                + MAIL.getSmtp().getPort() + "?from=prodguard@coinhubx.io"), "ops@coinhubx.io");
    }

    private AlertManager wire(NotificationDispatcher d) {
        AlertManager m = new AlertManager(clock, new InMemoryAlertStore(), AlertPolicy.DEFAULT, d);
        d.reportTo(m);
        return m;
    }

    private static AlertSpec wipe() {
        return TestWipes.dropped("coinhubx_production", List.of("wallets"), T0.minusSeconds(1));
    }

    private static List<String> subjects() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (MimeMessage m : MAIL.getReceivedMessages()) {
            out.add(m.getSubject());
        }
        return out;
    }

    @Test
    void webhookAnswering500IsRetriedWithBackoffThenReportedByEmail() throws Exception {
        receiver.answer(500);
        WebhookNotifier hook = new WebhookNotifier(receiver.url(SLACK_PATH));
        NotificationDispatcher d = new NotificationDispatcher(List.of(hook, email()), BACKOFF, scheduler);
        AlertManager m = wire(d);

        m.raise(wipe());
        scheduler.runDue(); // first attempts: email delivered, webhook gets 500
        assertThat(subjects()).containsExactly("[prodguard] CRITICAL: Wipe detected: coinhubx_production.wallets"
                + " was dropped");
        assertThat(receiver.requests()).hasSize(1);
        assertThat(d.failingChannels()).isEmpty();

        scheduler.runAll(); // the retries, each after its backoff, the clock jumping ahead
        assertThat(receiver.requests()).hasSize(4); // BACKOFF allows 4 attempts
        assertThat(scheduler.delays()).containsSubsequence(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(2 + 4 + 8));
        assertThat(d.failingChannels()).containsExactly("webhook (Slack)");

        // the failure is itself an alert, sent by email only (never to the failing webhook)
        assertThat(subjects()).hasSize(2);
        MimeMessage report = MAIL.getReceivedMessages()[1];
        assertThat(report.getSubject()).isEqualTo("[prodguard] WARNING: Alert channel failing: webhook (Slack)");
        assertThat(GreenMailUtil.getBody(report)).contains("channel: webhook (Slack)").contains("HTTP 500");
        assertThat(receiver.requests()).hasSize(4);
        assertThat(m.active()).extracting(Alert::ruleId)
                .containsExactlyInAnyOrder(WipeAlert.RULE, AlertManager.NOTIFIER_FAILING);

        // another alert fails again: no second "failing" alert, no second warning in the log
        m.raise(AlertSpec.of("capture:coinhubx_production", "capture-stopped", Severity.CRITICAL,
                "Capture stopped for coinhubx_production"));
        scheduler.runAll();
        assertThat(subjects()).hasSize(3);
        assertThat(logs.text().lines().filter(l -> l.startsWith("WARN")).toList()).hasSize(1)
                .first().asString().contains("alert channel webhook (Slack) is failing");

        // the webhook recovers: the next delivery resolves the "failing" alert, through both channels
        receiver.answer(200);
        clock.advance(Duration.ofMinutes(20));
        m.resolve("capture:coinhubx_production");
        scheduler.runAll();
        assertThat(d.failingChannels()).isEmpty();
        assertThat(m.active()).extracting(Alert::ruleId).containsExactly(WipeAlert.RULE);
        assertThat(subjects()).contains("[prodguard] Resolved: Alert channel failing: webhook (Slack)");

        assertNoSecret(hook);
    }

    @Test
    void closedWebhookPortIsRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WebhookNotifier hook = new WebhookNotifier("http://127.0.0.1:" + port + "/hooks/" + HOOK_TOKEN,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        NotificationDispatcher d = new NotificationDispatcher(List.of(hook, email()), BACKOFF, scheduler);
        AlertManager m = wire(d);
        m.raise(wipe());
        scheduler.runAll();
        assertThat(d.failingChannels()).containsExactly(hook.name());
        assertThat(subjects()).containsExactly(
                "[prodguard] CRITICAL: Wipe detected: coinhubx_production.wallets was dropped",
                "[prodguard] WARNING: Alert channel failing: webhook http://127.0.0.1:" + port);
        assertThat(GreenMailUtil.getBody(MAIL.getReceivedMessages()[1])).contains("cannot reach webhook");
        assertNoSecret(hook);
    }

    @Test
    void emailFailingIsReportedByWebhookWithoutThePassword() throws Exception {
        EmailNotifier badMail = new EmailNotifier(SmtpUrl.parse("smtp://mailer:" + SMTP_PASSWORD + "-wrong@127.0.0.1:"
                + MAIL.getSmtp().getPort()), "ops@coinhubx.io");
        WebhookNotifier hook = new WebhookNotifier(receiver.url("/generic/" + HOOK_TOKEN));
        NotificationDispatcher d = new NotificationDispatcher(List.of(hook, badMail), BACKOFF, scheduler);
        AlertManager m = wire(d);
        m.raise(wipe());
        scheduler.runAll();
        assertThat(MAIL.getReceivedMessages()).isEmpty();
        assertThat(receiver.requests()).hasSize(2);
        String report = receiver.requests().get(1).body();
        assertThat(report).contains("Alert channel failing: email to ops@coinhubx.io").contains("535")
                .doesNotContain(SMTP_PASSWORD);
        assertNoSecret(hook);
    }

    @Test
    void everyChannelFailingEndsQuietlyInsteadOfLooping() throws Exception {
        receiver.answer(500);
        EmailNotifier badMail = new EmailNotifier(SmtpUrl.parse("smtp://mailer:wrong-pw-x@127.0.0.1:"
                + MAIL.getSmtp().getPort()), "ops@coinhubx.io");
        WebhookNotifier hook = new WebhookNotifier(receiver.url(SLACK_PATH));
        NotificationDispatcher d = new NotificationDispatcher(List.of(hook, badMail), BACKOFF, scheduler);
        AlertManager m = wire(d);
        m.raise(wipe());
        int ran = scheduler.runAll();
        assertThat(scheduler.pending()).isZero();
        assertThat(ran).isLessThan(30);
        assertThat(d.failingChannels()).hasSize(2);
        assertThat(m.active()).hasSize(3); // the wipe, and each channel's "failing" alert
        assertNoSecret(hook);
    }

    private void assertNoSecret(WebhookNotifier hook) {
        String log = logs.text();
        assertThat(log).doesNotContain(HOOK_TOKEN).doesNotContain(SMTP_PASSWORD).doesNotContain(SLACK_PATH);
        for (WebhookReceiver.Request r : receiver.requests()) {
            assertThat(r.body()).doesNotContain(HOOK_TOKEN).doesNotContain(SMTP_PASSWORD);
        }
        assertThat(hook.name()).doesNotContain(HOOK_TOKEN);
    }
}
