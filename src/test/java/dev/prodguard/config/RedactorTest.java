package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @AfterEach
    void forget() {
        Secrets.clearForTests();
    }

    @Test
    void redactsPasswordEvenWhenUnencodedOrMalformed() {
        assertThat(Redactor.redactUri("mongodb://u:p@ss:w@rd@h:1/db")).isEqualTo("mongodb://u:****@h:1/db");
        assertThat(Redactor.redactUri("mongodb+srv://u:secret@c.x.net/?a=b")).isEqualTo("mongodb+srv://u:****@c.x.net/?a=b");
        assertThat(Redactor.redactUri("mongodb://h:1")).isEqualTo("mongodb://h:1");
        assertThat(Redactor.redactUri("mongodb://onlyuser@h")).isEqualTo("mongodb://onlyuser@h");
        assertThat(Redactor.redactUri("garbage:pw@host")).isEqualTo(Secrets.MASK);
    }

    @Test
    void scrubMasksUrisInFreeTextAndRegisteredSecretsInAllEncodings() {
        Secrets.register("p@ss word!");
        String text = "failed to reach mongodb://app:hunter22@db.example.com:27017/x; the password p@ss word! "
                + "encoded p%40ss+word%21 or p%40ss%20word%21";
        String scrubbed = Secrets.scrub(text);
        assertThat(scrubbed).doesNotContain("hunter22").doesNotContain("p@ss word!")
                .doesNotContain("p%40ss+word%21").doesNotContain("p%40ss%20word%21")
                .contains("mongodb://app:****@db.example.com:27017/x");
    }

    @Test
    void shortValuesAreNotRegisteredSoOrdinaryWordsSurvive() {
        Secrets.register("ab");
        assertThat(Secrets.scrub("abc ab")).isEqualTo("abc ab");
    }
}
