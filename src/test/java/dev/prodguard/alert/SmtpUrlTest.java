package dev.prodguard.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.config.Secrets;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpUrlTest {
    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    @Test
    void starttlsUrlWithEncodedPassword() {
        SmtpUrl u = SmtpUrl.parse("smtp://alerts%40coinhubx.io:p%40ss%2Fw0rd@smtp.example.com:587?starttls=true");
        assertThat(u.smtps()).isFalse();
        assertThat(u.host()).isEqualTo("smtp.example.com");
        assertThat(u.port()).isEqualTo(587);
        assertThat(u.user()).isEqualTo("alerts@coinhubx.io");
        assertThat(u.password()).isEqualTo("p@ss/w0rd");
        assertThat(u.starttls()).isEqualTo("required");
        assertThat(u.from()).isEqualTo("alerts@coinhubx.io");
        assertThat(u.toString()).doesNotContain("p@ss/w0rd").doesNotContain("p%40ss");
        assertThat(Secrets.scrub("login p@ss/w0rd and p%40ss%2Fw0rd")).isEqualTo("login **** and ****");
    }

    @Test
    void smtpsDefaultsToPort465AndTlsFromTheStart() {
        SmtpUrl u = SmtpUrl.parse("smtps://mailer:secret-pw@mail.example.com?from=ops@coinhubx.io");
        assertThat(u.smtps()).isTrue();
        assertThat(u.port()).isEqualTo(465);
        assertThat(u.from()).isEqualTo("ops@coinhubx.io");
        assertThat(u.display()).isEqualTo("smtps mail.example.com:465");
    }

    @Test
    void aPasswordToARemoteHostRequiresStarttlsUnlessTurnedOff() {
        assertThat(SmtpUrl.parse("smtp://u:secret-pw@smtp.example.com").starttls()).isEqualTo("required");
        assertThat(SmtpUrl.parse("smtp://u:secret-pw@127.0.0.1:2525").starttls()).isEqualTo("optional");
        assertThat(SmtpUrl.parse("smtp://relay.internal:25").starttls()).isEqualTo("optional");
        assertThat(SmtpUrl.parse("smtp://u:secret-pw@smtp.example.com?starttls=false").starttls()).isEqualTo("off");
    }

    @Test
    void badUrlsAreConfigErrorsThatNeverShowThePassword() {
        assertThatThrownBy(() -> SmtpUrl.parse("http://u:hunter22@x"))
                .isInstanceOf(ProdguardException.class).hasMessageContaining("PRODGUARD_SMTP_URL")
                .hasMessageNotContaining("hunter22")
                .satisfies(e -> assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.CONFIG));
        assertThatThrownBy(() -> SmtpUrl.parse("smtp://u:hunter22@x?tls=yes"))
                .hasMessageContaining("unknown option 'tls'").hasMessageNotContaining("hunter22");
        assertThatThrownBy(() -> SmtpUrl.parse("smtp://u:hunter22@x?starttls=maybe"))
                .hasMessageContaining("starttls must be true or false");
    }
}
