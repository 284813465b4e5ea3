package dev.prodguard.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises common passwords and their usual variations: the bundled list
 * ({@code common-passwords.txt}) in any case, with leetspeak ({@code p@ssw0rd}), separators,
 * digits or symbols before and after ({@code Password123!}), up to three entries joined
 * ({@code adminadmin}), words joined by digits or symbols ({@code Summer2024!Winter}), and short
 * repeated units ({@code Aa1!Aa1!Aa1!Aa1!}).
 */
public final class CommonPasswords {
    private static final String RESOURCE = "common-passwords.txt";
    private static final int MIN_JOINED_WORD = 4;
    private static final int MAX_JOINED_WORDS = 3;

    private final Set<String> entries;
    private final Set<String> joinable;

    private CommonPasswords(Set<String> entries) {
        this.entries = Set.copyOf(entries);
        Set<String> j = new HashSet<>();
        for (String e : entries) {
            if (e.length() >= MIN_JOINED_WORD && e.chars().allMatch(Character::isLetter)) {
                j.add(e);
            }
        }
        this.joinable = Set.copyOf(j);
    }

    /** The list shipped with prodguard. */
    public static CommonPasswords bundled() {
        try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return of(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A list from lines (blank lines and '#' comments ignored). */
    public static CommonPasswords of(List<String> lines) {
        Set<String> set = new HashSet<>();
        for (String line : lines) {
            String s = line.strip().toLowerCase(Locale.ROOT);
            if (!s.isEmpty() && !s.startsWith("#")) {
                set.add(s);
            }
        }
        return new CommonPasswords(set);
    }

    /** How many entries the list holds (variations not counted). */
    public int size() {
        return entries.size();
    }

    /** True when the password is a listed entry or one of the variations described on this class. */
    public boolean isCommon(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (entries.contains(lower) || repeatedUnit(lower)) {
            return true;
        }
        String core = stripEdges(lower);
        if (core.isEmpty()) {
            return false; // only digits and symbols: the character-class rule judges it
        }
        if (wordsJoinedBySymbols(core)) {
            return true;
        }
        String joined = core.replaceAll("[\\s._\\-]", "");
        for (String v : deLeet(joined)) {
            if (entries.contains(v) || joinedWords(v)) {
                return true;
            }
        }
        return false;
    }

    /** Removes leading and trailing characters that are not letters (Password123! → password). */
    static String stripEdges(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && !Character.isLetter(s.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** The common leetspeak readings of a string; '1' is read both as 'i' and as 'l'. */
    static List<String> deLeet(String s) {
        StringBuilder i = new StringBuilder(s.length());
        StringBuilder l = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            char m = switch (c) {
                case '0' -> 'o';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7', '+' -> 't';
                case '8' -> 'b';
                case '9' -> 'g';
                case '!', '|' -> 'i';
                default -> c;
            };
            i.append(c == '1' ? 'i' : m);
            l.append(c == '1' ? 'l' : m == 'i' && c == '|' ? 'l' : m);
        }
        List<String> out = new ArrayList<>(2);
        out.add(i.toString());
        if (!l.toString().contentEquals(i)) {
            out.add(l.toString());
        }
        return out;
    }

    /** True when the string is 1 to 3 list words of at least 4 letters written back to back. */
    private boolean joinedWords(String s) {
        // fewest[k] = fewest words that exactly cover s[0, k); MAX+1 means "not coverable"
        int n = s.length();
        int[] fewest = new int[n + 1];
        java.util.Arrays.fill(fewest, MAX_JOINED_WORDS + 1);
        fewest[0] = 0;
        for (int end = MIN_JOINED_WORD; end <= n; end++) {
            for (int start = 0; start <= end - MIN_JOINED_WORD; start++) {
                if (fewest[start] < MAX_JOINED_WORDS && joinable.contains(s.substring(start, end))) {
                    fewest[end] = Math.min(fewest[end], fewest[start] + 1);
                }
            }
        }
        return fewest[n] <= MAX_JOINED_WORDS;
    }

    /** True when every run of letters is a list entry and there are at most three runs. */
    private boolean wordsJoinedBySymbols(String core) {
        String[] runs = core.split("[^\\p{L}]+");
        if (runs.length < 2 || runs.length > MAX_JOINED_WORDS) {
            return false;
        }
        for (String r : runs) {
            if (!entries.contains(r)) {
                return false;
            }
        }
        return true;
    }

    /** True when the password is a unit of at most 4 characters repeated (aaaa…, abab…, Aa1!Aa1!…). */
    static boolean repeatedUnit(String s) {
        for (int unit = 1; unit <= 4 && unit < s.length(); unit++) {
            if (s.length() % unit != 0) {
                continue;
            }
            boolean repeats = true;
            for (int k = unit; k < s.length() && repeats; k++) {
                repeats = s.charAt(k) == s.charAt(k - unit);
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }
}
