package dev.prodguard.config;

import java.util.HashMap;
import java.util.Map;

/** Shannon entropy of a string in bits per character: how random-looking a value is. */
public final class Entropy {
    private Entropy() {}

    /** Bits per character, 0 for an empty string; a random 20-char base62 value scores about 4. */
    public static double shannon(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        s.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double len = s.codePointCount(0, s.length());
        double h = 0;
        for (int n : counts.values()) {
            double p = n / len;
            h -= p * (Math.log(p) / Math.log(2));
        }
        return h;
    }
}
