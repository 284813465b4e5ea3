package dev.prodguard.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.CommonPasswords;
import dev.prodguard.config.MongoTarget;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the password strength rule, through MONGO_URL as a user writes it. */
class PasswordStrengthTest {
    private static final CommonPasswords COMMON = CommonPasswords.bundled();

    private static List<String> ruleIds(String password) {
        String uri = "mongodb+srv://app:" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "@c0.abcde.mongodb.net/";
        GateFacts facts = GateFacts.offline(true, MongoTarget.parse(uri, "MONGO_URL"), "appdb", false);
        List<String> ids = new ArrayList<>();
        for (Violation v : new PasswordRule(COMMON).check(facts)) {
            assertThat(v.line()).doesNotContain(password);
            ids.add(v.rule());
        }
        return ids;
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // strong: 16+ characters, 3+ classes, not common
        "Vq7-rN2k_Lp9-Zx4w           | ''",
        "k3P9xQ2mV8zR4tW7nB6c        | ''",
        "tangerine-OBELISK-quorum-58 | ''",
        "ZEBRA_quokka_xylophone_8841 | ''",
        "übergrößeSchlüssel42Zäh     | ''",
        // too short (and everything else fine)
        "Vq7-rN2k_Lp9                | password-too-short",
        "x9#Lm2$Q                    | password-too-short",
        // too few classes
        "vqrnklpzxwtmbcdfgh          | password-too-few-classes",
        "VQRNKLPZXWTMBCDFGH          | password-too-few-classes",
        "vqrnklpzxwtm48271           | password-too-few-classes",
        "39481726354019283746        | password-too-few-classes",
        // common passwords and their variations (length and classes fine)
        "MySecurePass123!            | password-common",
        "My-Secure-Pass-2024!        | password-common",
        "P@ssw0rd1234567!            | password-common",
        "Password12345678!           | password-common",
        "Qwertyuiop!23456            | password-common",
        "!!Welcome2026Admin!!        | password-common",
        "Summer2024!Winter           | password-common",
        "SuperSecretPassword1!       | password-common",
        "AdminAdmin123456!           | password-common",
        "CoinHubX_Production1        | password-common",
        "Aa1!Aa1!Aa1!Aa1!            | password-common",
        "1qaz2wsx3edc4rfv!Q          | ''",
        // several at once
        "letmein                     | password-too-short,password-too-few-classes,password-common",
        "MySecurePass1!              | password-too-short,password-common",
        "passwordpassword            | password-too-few-classes,password-common",
    })
    void strength(String password, String expected) {
        assertThat(ruleIds(password)).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
    }

    @Test
    void theGuidesExamplePasswordIsRejected() {
        // 16 characters and 4 classes, so only the list can catch it
        assertThat(ruleIds("MySecurePass123!")).containsExactly("password-common");
    }

    @Test
    void randomGeneratedPasswordsAreNotCommon() {
        Random random = new Random(20261125L);
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.~!*";
        int flagged = 0;
        for (int n = 0; n < 2000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (COMMON.isCommon(sb.toString())) {
                flagged++;
            }
        }
        assertThat(flagged).as("random 20-character passwords judged common").isZero();
    }

    @Test
    void theListIsSubstantial() {
        assertThat(COMMON.size()).isGreaterThan(700);
    }

    @Test
    void characterClasses() {
        assertThat(PasswordRule.characterClasses("abc")).isEqualTo(1);
        assertThat(PasswordRule.characterClasses("abC")).isEqualTo(2);
        assertThat(PasswordRule.characterClasses("abC1")).isEqualTo(3);
        assertThat(PasswordRule.characterClasses("abC1 ")).isEqualTo(4);
    }
}
