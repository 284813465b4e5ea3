package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 15 point 2: every secret-bearing part of a URL is masked, and remote text is masked before it is cut. */
class SecretPartsTest {
    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    @Test
    void aWebhookUrlIsRegisteredByItsPartsWhileOrdinaryWordsStayReadable() {
        Secrets.register("https://ops:Hook-Basic-Pw@hooks.example.com/services/T01ABCDEF/hooksPathToken7Q9?token=QueryTok3n42&v=1");
        String echo = Secrets.scrub("Cannot POST /services/T01ABCDEF/hooksPathToken7Q9 (token QueryTok3n42, user ops:Hook-Basic-Pw,"
                + " json \\/services\\/T01ABCDEF\\/hooksPathToken7Q9)");
        assertThat(echo).doesNotContain("hooksPathToken7Q9").doesNotContain("QueryTok3n42").doesNotContain("Hook-Basic-Pw")
                .doesNotContain("T01ABCDEF").contains("Cannot POST /services/").contains("token ****");
    }

    @Test
    void mongoUriSecretsBeyondThePasswordAreRegistered() {
        MongoTarget.parse("mongodb://AKIDEXAMPLE:SecretAccessKey99@db.example.com/?authMechanism=MONGODB-AWS"
                + "&authMechanismProperties=AWS_SESSION_TOKEN:FQoGZXIvYXdzEJr%2Ftoken9&tlsCertificateKeyFilePassword=PemPass1234",
                "MONGO_URL");
        assertThat(Secrets.scrub("token FQoGZXIvYXdzEJr/token9, FQoGZXIvYXdzEJr%2Ftoken9, key PemPass1234, SecretAccessKey99"))
                .isEqualTo("token ****, ****, key ****, ****");
    }

    @Test
    void remoteTextIsMaskedBeforeItIsCutAndTokenLikeWordsAreMasked() {
        Secrets.register("https://hooks.example.com/h/Abcdefgh12345678Zz");
        String body = "x".repeat(110) + " Cannot POST /h/Abcdefgh12345678Zz";
        assertThat(Secrets.remoteText(body, 120)).doesNotContain("Abcdefgh").endsWith("…");
        assertThat(Secrets.remoteText("unknown key sk_live_4eC39HqLyjWDarjtT1zdp7dc\r\n\tbye", 200))
                .isEqualTo("unknown key **** bye");
        assertThat(Secrets.remoteText("ReadPreferenceServerSelectorTimedOut happened", 200))
                .isEqualTo("ReadPreferenceServerSelectorTimedOut happened");
    }
}
