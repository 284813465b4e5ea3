package dev.prodguard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.prodguard.config.SettingsLoader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 15 point 4: a configured PRODGUARD_API_TOKEN must be hard to guess, not merely 16 characters long. */
class ApiTokenStrengthTest {
    @TempDir
    Path dir;

    private Throwable resolve(String token) {
        return catchThrowable(() -> ApiToken.resolve(new SettingsLoader(Map.of("PRODGUARD_API_TOKEN", token,
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()), dir, dir).load()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"aaaaaaaaaaaaaaaa, repeats one character", "abababababababababab, repeats one character",
        "passwordpassword1, common password", "0123456789abcdefghij, too predictable", "aaaaaaaa, shorter than 16"})
    void weakTokensAreRefusedNamingTheRule(String token, String rule) {
        Throwable t = resolve(token);
        assertThat(t).isInstanceOf(ProdguardException.class).hasMessageContaining("PRODGUARD_API_TOKEN")
                .hasMessageContaining(rule).hasMessageNotContaining(token);
        assertThat(((ProdguardException) t).code()).isEqualTo(ErrorCode.CONFIG);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"configured-token-0123456789abcdef", "3f9c2a7e51d8b046", "Jx4kQ9-vN2pLw7_sT5rB"})
    void randomTokensAreAccepted(String token) {
        assertThat(resolve(token)).isNull();
    }
}
