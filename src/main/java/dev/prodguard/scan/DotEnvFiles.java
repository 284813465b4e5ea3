package dev.prodguard.scan;

import java.util.Locale;

/** Which file names are environment files holding real secrets (.env, .env.production) versus templates. */
final class DotEnvFiles {
    private DotEnvFiles() {}

    /** True for {@code .env} and {@code .env.<name>}, false for templates such as {@code .env.example}. */
    static boolean isDotEnv(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.equals(".env")) {
            return true;
        }
        if (!name.startsWith(".env.")) {
            return false;
        }
        String suffix = name.substring(5);
        return !(suffix.equals("example") || suffix.equals("sample") || suffix.equals("template")
                || suffix.equals("dist") || suffix.equals("defaults") || suffix.equals("schema"));
    }
}
