package dev.prodguard.alert;

import java.util.regex.Pattern;

/**
 * The restore commands alerts and the demo print: complete command lines that run as printed from any
 * directory, naming the launcher by its path when known (the {@code prodguard} script passes it as the
 * system property {@code prodguard.launcher}) and the non-secret settings they depend on ({@code DB_NAME},
 * {@code PRODGUARD_REPO}); {@code MONGO_URL} is a secret and must come from the environment or {@code .env}.
 */
public final class RestoreCommands {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private RestoreCommands() {}

    /** The launcher to name: the script's path when it started this process, else {@code prodguard}. */
    public static String launcher() {
        String path = System.getProperty("prodguard.launcher");
        return path == null || path.isBlank() ? "prodguard" : quote(path);
    }

    /** {@code restore --to <point>} of {@code db} from the repository at {@code repo}, into a new database. */
    public static String restoreTo(String point, String db, String repo) {
        return "DB_NAME=" + quote(db) + " PRODGUARD_REPO=" + quote(repo) + " " + launcher() + " restore --to " + quote(point);
    }

    /** The same restore over {@code db} itself (a safety snapshot of it first). */
    public static String restoreInPlace(String point, String db, String repo) {
        return restoreTo(point, db, repo) + " --target-db " + quote(db) + " --force";
    }

    /** A word as a POSIX shell reads it: as is when plain, else in single quotes. */
    public static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
