package dev.prodguard.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds the setting a misspelt name was meant to be: a known alias ({@code MONGO_URI}, {@code MONGODB_URI},
 * {@code DATABASE_URL} holding a {@code mongodb://} URI, {@code DATABASE_NAME}, ...), the same name once case,
 * {@code _} and {@code -} are ignored ({@code DBNAME}, {@code DB-NAME}, {@code mongo_url}), or a name within
 * a small edit distance counting a swap of two letters as one edit ({@code MONGO_ULR}, {@code PRODGUARD_REOP}).
 * Short names need an exact match once normalised, so unrelated variables (PATH, HOME, DB_HOST) never match.
 */
final class NearMisses {
    private static final Predicate<String> ANY = v -> true;
    private static final Predicate<String> MONGO_URI = v -> v != null
            && v.strip().toLowerCase(Locale.ROOT).matches("mongodb(\\+srv)?://.*");
    /** Names other tools and guides use for our settings, with what the value must look like. */
    private static final Map<String, Map.Entry<String, Predicate<String>>> ALIASES = Map.ofEntries(
            Map.entry("MONGO_URI", Map.entry("MONGO_URL", ANY)),
            Map.entry("MONGODB_URI", Map.entry("MONGO_URL", ANY)),
            Map.entry("MONGODB_URL", Map.entry("MONGO_URL", ANY)),
            Map.entry("MONGO_CONNECTION_STRING", Map.entry("MONGO_URL", ANY)),
            Map.entry("MONGODB_CONNECTION_STRING", Map.entry("MONGO_URL", ANY)),
            Map.entry("DATABASE_URL", Map.entry("MONGO_URL", MONGO_URI)),
            Map.entry("DB_URL", Map.entry("MONGO_URL", MONGO_URI)),
            Map.entry("DB_URI", Map.entry("MONGO_URL", MONGO_URI)),
            Map.entry("DATABASE_NAME", Map.entry("DB_NAME", ANY)),
            Map.entry("MONGO_DB", Map.entry("DB_NAME", ANY)),
            Map.entry("MONGO_DB_NAME", Map.entry("DB_NAME", ANY)),
            Map.entry("MONGODB_DB", Map.entry("DB_NAME", ANY)),
            Map.entry("MONGODB_DATABASE", Map.entry("DB_NAME", ANY)),
            Map.entry("MONGO_DATABASE", Map.entry("DB_NAME", ANY)));

    /** The known names normalised (they are few and fixed). */
    private static final Map<String, String> NORMALISED = new java.util.concurrent.ConcurrentHashMap<>();

    private NearMisses() {}

    /** The known name {@code name} was probably meant to be (its value decides for some aliases), or null. */
    static String suggest(String name, String value, Collection<String> known) {
        var alias = ALIASES.get(name.toUpperCase(Locale.ROOT));
        if (alias != null && known.contains(alias.getKey()) && alias.getValue().test(value)) {
            return alias.getKey();
        }
        String n = normalise(name);
        int allowed = n.length() <= 4 ? 0 : n.length() <= 8 ? 1 : 2;
        String best = null;
        int bestDistance = allowed + 1;
        for (String k : known) {
            String nk = NORMALISED.computeIfAbsent(k, NearMisses::normalise);
            // every variable of the environment is checked against every setting at each start, in the interpreter:
            // only a distance below the best so far matters, so the band below that is all that is computed
            int d = distanceAtMost(n, nk, bestDistance - 1);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    /** Upper case without {@code _}, {@code -}, {@code .} and spaces. */
    static String normalise(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != '.' && c != ' ') {
                out.append(c);
            }
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    /** Edit distance where inserting, deleting or replacing a letter, or swapping two neighbours, is one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * {@link #distance} when it is at most {@code max}, else {@code max + 1}, computing only the cells within
     * {@code max} of the diagonal (a cell further out is more than {@code max} edits already) and stopping once
     * two rows in a row exceed it (every later cell comes from those two rows, plus at least nothing).
     */
    static int distanceAtMost(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (max < 0 || Math.abs(n - m) > max) {
            return max + 1;
        }
        int over = max + 1;
        int[] twoBack = new int[m + 1];
        int[] back = new int[m + 1];
        int[] row = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            back[j] = j <= max ? j : over;
        }
        boolean backOver = false;
        for (int i = 1; i <= n; i++) {
            java.util.Arrays.fill(row, over);
            row[0] = i <= max ? i : over;
            int rowMin = row[0];
            int from = Math.max(1, i - max);
            int to = Math.min(m, i + max);
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(back[j] + 1, row[j - 1] + 1), back[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, twoBack[j - 2] + 1);
                }
                row[j] = Math.min(v, over);
                rowMin = Math.min(rowMin, row[j]);
            }
            boolean rowOver = rowMin > max;
            if (rowOver && backOver) {
                return over;
            }
            backOver = rowOver;
            int[] t = twoBack;
            twoBack = back;
            back = row;
            row = t;
        }
        return Math.min(back[m], over);
    }
}
