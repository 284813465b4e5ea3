package dev.prodguard.scan;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises values that only stand in for a secret ({@code <password>}, {@code ${VAR}}, {@code $VAR},
 * {@code xxx}, {@code ****}, {@code YOUR_PASSWORD}, {@code password} ...), so that documentation and
 * templates are not reported.
 */
final class Placeholders {
    private static final Set<String> WORDS = Set.of("password", "passwd", "pass", "pwd", "secret", "token",
            "changeme", "change_me", "change-me", "example", "sample", "placeholder", "redacted", "dummy",
            "none", "null", "undefined", "todo", "fixme", "user", "username", "apikey", "api_key", "key",
            "mypassword", "my_password", "secretpassword", "yourpassword", "db_password", "dbpassword",
            "mongo_password", "admin", "root", "test", "foo", "bar", "foobar");
    /** Template syntaxes: <x>, ${x}, $x, {{x}}, {x}, %s, %(x)s, [x], #{x}, @x@. */
    private static final Pattern TEMPLATE = Pattern.compile(
            "<[^>]*>|\\$\\{[^}]*}|^\\$[A-Za-z_][A-Za-z0-9_]*$|\\{\\{[^}]*}}|^\\{[A-Za-z_][A-Za-z0-9_.-]*}$|%s|%\\([^)]*\\)s"
                    + "|^\\[[^\\]]*]$|#\\{[^}]*}|^@[A-Za-z_]+@$|^\\$\\([^)]*\\)$");
    /** "your_password", "YOUR-API-KEY", "insert_password_here", "replace-me". */
    /** Letters-only wording such as "your_password", "YOUR-API-KEY", "insert_password_here", "my_password". */
    private static final Pattern WORDY = Pattern.compile("(?i)^(your|insert|enter|replace|put)[_-]?[a-z_-]*$"
            + "|^my[_-]?(db[_-]?)?(password|pass|secret|token|key|api[_-]?key)$|^[a-z_-]*[_-]here$");

    private Placeholders() {}

    /** True when the value is a placeholder rather than a real secret. */
    static boolean isPlaceholder(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        String v = value.strip();
        if (TEMPLATE.matcher(v).find() || WORDY.matcher(v).matches()) {
            return true;
        }
        if (WORDS.contains(v.toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (v.chars().distinct().count() <= 2) { // xxx, xxxxx, ****, ...., 0000, aaaa, x-x-x
            return true;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        return lower.contains("xxxx") || lower.contains("****") || lower.startsWith("<") || lower.endsWith(">")
                || lower.contains("example") || lower.contains("placeholder");
    }
}
