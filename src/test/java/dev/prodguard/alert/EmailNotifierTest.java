package dev.prodguard.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ProdguardException;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alert email through a real SMTP server (GreenMail): plain SMTP with AUTH, SMTPS, and STARTTLS refusal. */
class EmailNotifierTest {
    static final String PASSWORD = "s3cret-Mail-Pw";

    static {
        TestTls.install(); // GreenMail's SMTPS serves a certificate for 127.0.0.1 that the test trusts
    }

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(servers())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@coinhubx.io", "mailer", PASSWORD));

    /** SMTP and SMTPS on free ports; a generous start-up timeout (SMTPS makes its key on a busy machine). */
    static ServerSetup[] servers() {
        ServerSetup[] setups = ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS});
        for (ServerSetup s : setups) {
            s.setServerStartupTimeout(30_000);
        }
        return setups;
    }

    private static final Instant BEFORE = Instant.parse("2026-11-25T10:41:59Z");

    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    static String smtpUrl(String password) {
        return "smtp://mailer:" + password + "@127.0.0.1:" + MAIL.getSmtp().getPort() + "?from=prodguard@coinhubx.io";
    }

    private static Notification wipe() {
        return new Notification(Notification.Kind.OPENED, Alert.open(
                TestWipes.dropped("coinhubx_production", List.of("wallets", "transactions"), BEFORE), BEFORE.plusSeconds(1)));
    }

    @Test
    void wipeAlertArrivesAsEmailAfterAuthentication() throws Exception {
        EmailNotifier mail = new EmailNotifier(SmtpUrl.parse(smtpUrl(PASSWORD)), "ops@coinhubx.io, cto@coinhubx.io");
        assertThat(mail.name()).isEqualTo("email to ops@coinhubx.io, cto@coinhubx.io");
        mail.send(wipe());

        MimeMessage[] got = MAIL.getReceivedMessages();
        assertThat(got).hasSize(2); // one copy per recipient mailbox
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("[prodguard] CRITICAL: Wipe detected: 2 collections of coinhubx_production"
                + " were dropped");
        assertThat(m.getFrom()[0].toString()).isEqualTo("prodguard@coinhubx.io");
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("ops@coinhubx.io", "cto@coinhubx.io");
        String body = GreenMailUtil.getBody(m).replace("\r\n", "\n");
        assertThat(body).contains("dropped collections: wallets, transactions\n")
                .contains("restore point just before: 2026-11-25T10:41:59Z\n")
                .contains("restore command: DB_NAME=coinhubx_production PRODGUARD_REPO=/srv/prodguard/repo prodguard restore"
                        + " --to wipe:20261125T104200Z.1\n");
        assertThat(m.getHeader("X-Prodguard-Alert")[0]).isEqualTo("wipe:coinhubx_production:20261125T104200Z.1");
    }

    @Test
    void wrongPasswordIsRefusedByTheServerAndNotShown() {
        EmailNotifier mail = new EmailNotifier(SmtpUrl.parse(smtpUrl("wrong-Pw-123")), "ops@coinhubx.io");
        assertThatThrownBy(() -> mail.send(wipe())).isInstanceOf(NotifierException.class)
                .hasMessageContaining("cannot send email to ops@coinhubx.io via smtp 127.0.0.1:")
                .hasMessageContaining("535")
                .hasMessageNotContaining("wrong-Pw-123");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsDeliversOverTlsWithAuthentication() throws Exception {
        String url = "smtps://mailer:" + PASSWORD + "@127.0.0.1:" + MAIL.getSmtps().getPort();
        // the server's certificate is the test's own: trusted here, with the host name checked
        EmailNotifier mail = new EmailNotifier(SmtpUrl.parse(url), "ops@coinhubx.io", TestTls.trustingTestCertificate());
        mail.send(AlertChannels.testNotification(BEFORE));
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(MAIL.getReceivedMessages()[0].getSubject())
                .isEqualTo("[prodguard] Test: Test notification from prodguard");
    }

    @Test
    void smtpsWithAnUntrustedCertificateIsRefused() {
        String url = "smtps://mailer:" + PASSWORD + "@127.0.0.1:" + MAIL.getSmtps().getPort();
        EmailNotifier mail = new EmailNotifier(SmtpUrl.parse(url), "ops@coinhubx.io"); // the JVM's trust store
        assertThatThrownBy(() -> mail.send(wipe())).isInstanceOf(NotifierException.class)
                .hasMessageContaining("SSLHandshakeException").hasMessageNotContaining(PASSWORD);
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsRequiredButNotOfferedIsRefusedBeforeThePasswordIsSent() {
        EmailNotifier mail = new EmailNotifier(SmtpUrl.parse(smtpUrl(PASSWORD) + "&starttls=true"), "ops@coinhubx.io");
        assertThatThrownBy(() -> mail.send(wipe())).isInstanceOf(NotifierException.class)
                .hasMessageContaining("STARTTLS").hasMessageNotContaining(PASSWORD);
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void badRecipientsAreConfigErrors() {
        SmtpUrl url = SmtpUrl.parse(smtpUrl(PASSWORD));
        assertThatThrownBy(() -> new EmailNotifier(url, "ops@coinhubx.io, not an address"))
                .isInstanceOf(ProdguardException.class).hasMessageContaining("'not an address' is not an email address");
        assertThatThrownBy(() -> new EmailNotifier(url, " "))
                .hasMessageContaining("PRODGUARD_ALERT_EMAIL is not");
    }
}
