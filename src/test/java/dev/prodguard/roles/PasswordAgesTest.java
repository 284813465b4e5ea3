package dev.prodguard.roles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password age tracking on an injected clock, and the generator. */
class PasswordAgesTest {
    @TempDir
    Path tmp;

    private static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void passwordOlderThan90DaysIsOverdueAnd89DaysIsNot() {
        new PasswordAges(tmp, at(T0)).recordPasswordSet("coinhubx_app_production", "coinhubx");
        new PasswordAges(tmp, at(T0.plus(Duration.ofDays(2)))).recordPasswordSet("coinhubx_analytics_production", "coinhubx");

        PasswordAges day89 = new PasswordAges(tmp, at(T0.plus(Duration.ofDays(89))));
        assertThat(day89.overdue()).isEmpty();
        assertThat(day89.all()).extracting(PasswordAges.UserAge::days).containsExactly(89L, 87L);

        PasswordAges day91 = new PasswordAges(tmp, at(T0.plus(Duration.ofDays(91))));
        assertThat(day91.overdue()).extracting(PasswordAges.UserAge::user).containsExactly("coinhubx_app_production");

        // rotating resets the age but keeps the creation time
        new PasswordAges(tmp, at(T0.plus(Duration.ofDays(91)))).recordPasswordSet("coinhubx_app_production", "coinhubx");
        PasswordAges after = new PasswordAges(tmp, at(T0.plus(Duration.ofDays(93))));
        assertThat(after.overdue()).extracting(PasswordAges.UserAge::user).containsExactly("coinhubx_analytics_production");
        assertThat(after.all()).filteredOn(a -> a.user().equals("coinhubx_app_production")).singleElement()
                .satisfies(a -> {
                    assertThat(a.createdAt()).isEqualTo(T0);
                    assertThat(a.days()).isEqualTo(2);
                });
    }

    @Test
    void agesCommandExitsOneWhenAPasswordIsOverdue() throws Exception {
        Path state = tmp.resolve("state");
        new PasswordAges(state, at(T0)).recordPasswordSet("coinhubx_app_production", "coinhubx");
        Map<String, String> env = Map.of("PRODGUARD_STATE_DIR", state.toString());
        CliRun ok = CliRun.run(env, tmp, at(T0.plus(Duration.ofDays(89))), "roles", "ages");
        assertThat(ok.exitCode).as(ok.toString()).isZero();
        assertThat(ok.out).contains("✓ coinhubx_app_production").contains("89 days ago");
        CliRun late = CliRun.run(env, tmp, at(T0.plus(Duration.ofDays(91))), "roles", "ages");
        assertThat(late.exitCode).isEqualTo(1);
        assertThat(late.out).contains("✗ coinhubx_app_production").contains("roles rotate coinhubx_app_production");

        Files.writeString(state.resolve(PasswordAges.FILE_NAME), "{ not json");
        CliRun broken = CliRun.run(env, tmp, "roles", "ages");
        assertThat(broken.exitCode).isEqualTo(3);
        assertThat(broken.err).contains("password-ages.json");
    }

    @Test
    void generatedPasswordsAreLongUrlSafeAndDistinct() {
        PasswordGenerator gen = new PasswordGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String pw = gen.next();
            assertThat(pw).hasSize(32).matches("[A-Za-z][A-Za-z0-9_-]{31}");
            assertThat(URLEncoder.encode(pw, StandardCharsets.UTF_8)).isEqualTo(pw);
            seen.add(pw);
        }
        assertThat(seen).hasSize(1000);
    }
}
