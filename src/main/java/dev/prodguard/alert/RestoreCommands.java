package dev.prodguard.alert;

import java.util.regex.Pattern;

/**
 * The restore commands alerts and the demo print: complete command lines that run as printed from any
 * directory, naming the launcher by its path when known (the {@code prodguard} script passes it as the
 * system property {@code prodguard.launcher}) and every setting they depend on that is not a secret
 * ({@code DB_NAME}, {@code PRODGUARD_REPO}, and {@code MONGO_URL} when it carries nothing to redact, e.g. a
 * local database without a password); a secret-bearing {@code MONGO_URL} must come from the environment or
 * {@code .env}, and is never printed.
 */
public final class RestoreCommands {
    /** The settings a printed command names: the database, the repository, and MONGO_URL or null (a secret). */
    public record Env(String db, String repo, String mongoUrl) {
        /** The assignments that prefix a command. */
        String prefix() {
            return (mongoUrl == null ? "" : "MONGO_URL=" + quote(mongoUrl) + " ") + "DB_NAME=" + quote(db) + " PRODGUARD_REPO="
                    + quote(repo) + " ";
        }
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private RestoreCommands() {}

    /** The launcher to name: the script's path when it started this process, else {@code prodguard}. */
    public static String launcher() {
        String path = System.getProperty("prodguard.launcher");
        return path == null || path.isBlank() ? "prodguard" : quote(path);
    }

    /** {@code restore --to <point>} of the database from its repository, into a new database. */
    public static String restoreTo(String point, Env env) {
        return env.prefix() + launcher() + " restore --to " + quote(point);
    }

    /** The same restore over the database itself (a safety snapshot of it first). */
    public static String restoreInPlace(String point, Env env) {
        return restoreTo(point, env) + " --target-db " + quote(env.db()) + " --force";
    }

    /** A word as a POSIX shell reads it: as is when plain, else in single quotes. */
    public static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
