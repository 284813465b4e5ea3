package dev.prodguard.scan;

/** What a finding is about; each rule has a stable id used in output, JSON and the baseline. */
public enum Rule {
    MONGODB_URI_CREDENTIALS("mongodb-uri-credentials", "MongoDB connection string with an embedded password"),
    ATLAS_API_PRIVATE_KEY("atlas-api-private-key", "MongoDB Atlas programmatic API private key"),
    ATLAS_SERVICE_ACCOUNT_SECRET("atlas-service-account-secret", "MongoDB Atlas service account client secret"),
    HIGH_ENTROPY_SECRET("high-entropy-secret", "random-looking value assigned to a password/secret/token/key"),
    DOTENV_NOT_IGNORED("dotenv-not-ignored", ".env is not listed in .gitignore"),
    DOTENV_TRACKED("dotenv-tracked", ".env is tracked by git"),
    DOTENV_IN_HISTORY("dotenv-in-history", ".env was committed to the git history");

    private final String id;
    private final String description;

    Rule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The stable id, e.g. {@code mongodb-uri-credentials}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** True for the rules about .env handling, which carry no secret value. */
    public boolean isDotEnvRule() {
        return this == DOTENV_NOT_IGNORED || this == DOTENV_TRACKED || this == DOTENV_IN_HISTORY;
    }

    /** The remedy shown with a finding of this rule. */
    public String remedy() {
        return switch (this) {
            case DOTENV_NOT_IGNORED -> "add a line '.env' to .gitignore";
            case DOTENV_TRACKED -> "run 'git rm --cached .env', commit, and rotate every secret it held";
            case DOTENV_IN_HISTORY -> "rotate every secret the file held; rewriting history alone does not un-leak it";
            case MONGODB_URI_CREDENTIALS -> "change that database user's password now (prodguard roles rotate USER)"
                    + " and read MONGO_URL from the environment";
            case ATLAS_API_PRIVATE_KEY -> "revoke the key in Atlas (Access Manager > API Keys), create a new one,"
                    + " keep it in the environment";
            case ATLAS_SERVICE_ACCOUNT_SECRET -> "revoke the secret in Atlas (Access Manager > Service Accounts),"
                    + " generate a new one, keep it in the environment";
            case HIGH_ENTROPY_SECRET -> "rotate the secret and load it from the environment; if it is not a secret,"
                    + " accept it with --update-baseline";
        };
    }
}
