package dev.prodguard.scan;

import dev.prodguard.config.Entropy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in one line of text. Pure and stateless: the same line always gives the same
 * matches. Each match holds the raw secret only so that it can be fingerprinted and masked; callers
 * must never print {@link Match#secret()}.
 */
public final class SecretDetector {
    /** Minimum Shannon entropy (bits per character) for the generic rule. */
    public static final double ENTROPY_THRESHOLD = 3.0;
    /** Minimum length of a value for the generic rule. */
    public static final int MIN_SECRET_LENGTH = 8;
    private static final int MAX_LINE = 4096; // minified bundles: only the first 4 KiB of a line

    private static final Pattern MONGO_URI = Pattern.compile(
            "mongodb(?:\\+srv)?://([^\\s:@/'\"`]+):([^\\s@'\"`]+)@[^\\s'\"`]+");
    private static final Pattern SERVICE_ACCOUNT_SECRET = Pattern.compile("\\bmdb_sa_sk_[A-Za-z0-9_-]{16,}");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    /** Names of an Atlas programmatic API private key: ATLAS_PRIVATE_KEY, private_api_key, privateKey, MCLI_PRIVATE_API_KEY. */
    private static final Pattern PRIVATE_KEY_NAME = Pattern.compile("(?i)private[_.-]?(api[_.-]?)?key");
    /** name = value, name: value, "name": "value", name := value; the value quoted or bare. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key"
                    + "|private[_.-]?key|auth[_.-]?key|credential|client[_.-]?secret)[A-Za-z0-9_.-]*)[\"']?\\s*(?::=|=>|[:=])\\s*"
                    + "(?:\"([^\"]*)\"|'([^']*)'|`([^`]*)`|([^\\s,;'\"`#]+))");
    /** Cheap pre-filter: the generic rule's regex runs only on lines holding one of these. */
    private static final List<String> KEYWORDS = List.of("pass", "pwd", "secret", "token", "key", "credential");
    private static final Pattern WORDS = Pattern.compile("[A-Za-z]+(?:[_.-][A-Za-z]+)*");
    private static final Pattern CODE_REFERENCE = Pattern.compile(
            "[().\\[\\]]|^(process\\.env|os\\.environ|System\\.getenv|env\\.|config\\.|settings\\.)");

    /** One secret found on a line: its rule and the raw value (never to be printed). */
    public record Match(Rule rule, String secret) {
        @Override
        public String toString() {
            return "Match[" + rule.id() + ", " + Masking.mask(secret) + "]";
        }
    }

    /**
     * The secrets on a line.
     *
     * @param line the text of one line
     * @param entropyRule false to skip the generic high-entropy rule (lock files, checksum lists)
     */
    public List<Match> scanLine(String line, boolean entropyRule) {
        String text = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line;
        List<Match> out = new ArrayList<>(2);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("mongodb")) {
            findUris(text, out);
        }
        if (lower.contains("mdb_sa_sk_")) {
            findServiceAccountSecrets(text, out);
        }
        if (lower.contains("private") && PRIVATE_KEY_NAME.matcher(text).find()) {
            findPrivateKeys(text, out);
        }
        if (entropyRule && hasKeyword(lower)) {
            findAssignments(text, out);
        }
        return out;
    }

    private static boolean hasKeyword(String lower) {
        for (String k : KEYWORDS) {
            if (lower.contains(k)) {
                return true;
            }
        }
        return false;
    }

    private static void findUris(String text, List<Match> out) {
        Matcher uri = MONGO_URI.matcher(text);
        while (uri.find()) {
            String user = uri.group(1);
            String password = uri.group(2);
            if (!Placeholders.isPlaceholder(password) && !Placeholders.isPlaceholder(user + ":" + password)) {
                add(out, Rule.MONGODB_URI_CREDENTIALS, password);
            }
        }
    }

    private static void findServiceAccountSecrets(String text, List<Match> out) {
        Matcher sa = SERVICE_ACCOUNT_SECRET.matcher(text);
        while (sa.find()) {
            if (!Placeholders.isPlaceholder(sa.group().substring("mdb_sa_sk_".length()))) {
                add(out, Rule.ATLAS_SERVICE_ACCOUNT_SECRET, sa.group());
            }
        }
    }

    private static void findPrivateKeys(String text, List<Match> out) {
        Matcher u = UUID.matcher(text);
        while (u.find()) {
            if (!Placeholders.isPlaceholder(u.group().replace("-", ""))) {
                add(out, Rule.ATLAS_API_PRIVATE_KEY, u.group().toLowerCase(Locale.ROOT));
            }
        }
    }

    private static void findAssignments(String text, List<Match> out) {
        Matcher a = ASSIGNMENT.matcher(text);
        while (a.find()) {
            boolean quoted = a.group(5) == null;
            String value = quoted ? first(a.group(2), a.group(3), a.group(4)) : a.group(5);
            if (isGenericSecret(value, quoted) && out.stream().noneMatch(m -> value.contains(m.secret()))) {
                add(out, Rule.HIGH_ENTROPY_SECRET, value);
            }
        }
    }

    private static boolean isGenericSecret(String value, boolean quoted) {
        if (value == null || value.length() < MIN_SECRET_LENGTH || value.contains("://")) {
            return false; // URIs belong to the URI rule (or are not secrets)
        }
        if (!quoted && CODE_REFERENCE.matcher(value).find()) {
            return false; // password = config.get("x"), token: process.env.TOKEN
        }
        if (value.indexOf(' ') >= 0 || Placeholders.isPlaceholder(value) || looksLikeWords(value)) {
            return false; // prose or a name, not a credential
        }
        return Entropy.shannon(value) >= ENTROPY_THRESHOLD;
    }

    /**
     * Letters (and separators) only, with at most one capital or no lower case: "everything",
     * "Secrets", "secret_key_base", "MONGO_PASSWORD". Random letters-only values mix cases throughout.
     */
    static boolean looksLikeWords(String value) {
        if (!WORDS.matcher(value).matches()) {
            return false;
        }
        long upper = value.chars().filter(Character::isUpperCase).count();
        long lower = value.chars().filter(Character::isLowerCase).count();
        return upper <= 1 || lower == 0;
    }

    private static void add(List<Match> out, Rule rule, String secret) {
        for (Match m : out) {
            if (m.secret().equals(secret)) {
                return;
            }
        }
        out.add(new Match(rule, secret));
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
