package dev.prodguard.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Digits} writes what {@code String.format} writes in the root locale, for every value and width. */
class DigitsTest {
    @Test
    void paddedAndHexAreWhatTheRootLocalesFormatWrites() {
        Random r = new Random(20261207);
        long[] edges = {0, 1, -1, 9, 10, 99, 100, 999_999_999_999L, 1_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE,
            Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int width = 1; width <= 20; width++) {
            for (long v : edges) {
                assertThat(Digits.padded(v, width)).isEqualTo(String.format(Locale.ROOT, "%0" + width + "d", v));
            }
            for (int i = 0; i < 500; i++) {
                long v = r.nextLong() >> r.nextInt(64);
                assertThat(Digits.padded(v, width)).isEqualTo(String.format(Locale.ROOT, "%0" + width + "d", v));
                int h = r.nextInt(Integer.MAX_VALUE) >> r.nextInt(31);
                assertThat(Digits.hex(h, width)).isEqualTo(String.format(Locale.ROOT, "%0" + width + "x", h));
            }
        }
        assertThatThrownBy(() -> Digits.hex(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
