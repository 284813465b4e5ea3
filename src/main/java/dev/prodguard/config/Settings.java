package dev.prodguard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.prodguard.error.ProdguardException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sealed configuration: every value resolved (environment, then .env, then prodguard.yml,
 * then defaults), validated, and never changed after {@link SettingsLoader} built it. Secret
 * values are registered with {@link Secrets} on load. {@link #toString()} never shows a secret.
 */
public final class Settings {
    private final Map<ConfigKey, String> values;
    private final Map<ConfigKey, String> origins;
    private final JsonNode yaml;
    private final Path workDir;
    private final Path home;

    Settings(Map<ConfigKey, String> values, Map<ConfigKey, String> origins, JsonNode yaml, Path workDir, Path home) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.origins = Collections.unmodifiableMap(new EnumMap<>(origins));
        this.yaml = yaml == null ? MissingNode.getInstance() : yaml;
        this.workDir = workDir;
        this.home = home;
    }

    /** The raw value, or empty when unset and without a default. */
    public Optional<String> get(ConfigKey key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Where a value came from: "environment", ".env", "prodguard.yml", "default", or "unset". */
    public String origin(ConfigKey key) {
        return origins.getOrDefault(key, "unset");
    }

    /** The parsed MONGO_URL. @throws ProdguardException CONFIG when unset or invalid */
    public MongoTarget mongo() {
        String url = values.get(ConfigKey.MONGO_URL);
        if (url == null) {
            throw ProdguardException.config("MONGO_URL is not set; set it in the environment (or .env) to your"
                    + " connection string");
        }
        return MongoTarget.parse(url, "MONGO_URL");
    }

    /** DB_NAME, falling back to the database in MONGO_URL's path. @throws ProdguardException CONFIG */
    public String dbName() {
        String db = values.get(ConfigKey.DB_NAME);
        if (db == null) {
            String fromUri = values.containsKey(ConfigKey.MONGO_URL) ? mongo().database() : null;
            if (fromUri != null && !fromUri.isEmpty()) {
                return fromUri;
            }
            throw ProdguardException.config("DB_NAME is not set; set it to the database to protect"
                    + " (e.g. DB_NAME=coinhubx_production)");
        }
        return db;
    }

    /** PRODUCTION, already validated as a boolean. */
    public boolean production() {
        return Boolean.parseBoolean(values.get(ConfigKey.PRODUCTION));
    }

    /** Whether PRODUCTION was set anywhere (as opposed to its default). */
    public boolean productionExplicit() {
        return !"default".equals(origin(ConfigKey.PRODUCTION));
    }

    /** A whole-number setting, already checked against its type's bounds at load (default when unset). */
    public int intValue(ConfigKey key) {
        return Math.toIntExact(longValue(key));
    }

    /** A whole-number setting, already checked against its type's bounds at load (default when unset). */
    public long longValue(ConfigKey key) {
        return Long.parseLong(values.get(key));
    }

    /** A boolean setting, already normalised to true/false at load (default when unset). */
    public boolean bool(ConfigKey key) {
        return Boolean.parseBoolean(values.get(key));
    }

    /** A path setting with ~ expanded and relative paths resolved against the working directory. */
    public Path path(ConfigKey key) {
        String v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v.equals("~")) {
            return home;
        }
        if (v.startsWith("~/")) {
            return home.resolve(v.substring(2));
        }
        return workDir.resolve(v).normalize();
    }

    /** A structured section of prodguard.yml (e.g. "invariants", "retention"); missing node when absent. */
    public JsonNode section(String name) {
        JsonNode n = yaml.get(name);
        return n == null ? MissingNode.getInstance() : n;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Settings{");
        for (ConfigKey k : ConfigKey.values()) {
            String v = values.get(k);
            if (v == null) {
                continue;
            }
            sb.append(k.envName()).append('=');
            if (k == ConfigKey.MONGO_URL) {
                sb.append(Redactor.redactUri(v));
            } else {
                sb.append(k.isSecret() ? Secrets.MASK : v);
            }
            sb.append(" (").append(origin(k)).append("), ");
        }
        return sb.append('}').toString();
    }
}
