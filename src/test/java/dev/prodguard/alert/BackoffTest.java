package dev.prodguard.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10), 6);
        assertThat(b.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delayAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delayAfter(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delayAfter(60)).isEqualTo(Duration.ofSeconds(10)); // no overflow
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 0.5, Duration.ofSeconds(10), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(10), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
