package dev.prodguard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Load → validate → seal. Precedence, highest first: the real environment, a {@code .env} file in
 * the working directory (never overrides the environment), {@code prodguard.yml} in the working
 * directory (or the file named by {@code PRODGUARD_CONFIG}), then defaults.
 */
public final class SettingsLoader {
    /** Top-level sections of prodguard.yml that hold structure rather than one value. */
    public static final Set<String> SECTIONS =
            Set.of("invariants", "retention", "schedule", "alerts", "protected", "capture", "monitor", "tiers");

    private final Map<String, String> env;
    private final Path workDir;
    private final Path home;
    private final List<String> warnings = new ArrayList<>();

    public SettingsLoader(Map<String, String> env, Path workDir, Path home) {
        this.env = env;
        this.workDir = workDir;
        this.home = home;
    }

    /** Loads from the process environment and the current directory. */
    public static Settings fromSystem() {
        return new SettingsLoader(System.getenv(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home"))).load();
    }

    /** Warnings about unwise or unknown settings seen by the last {@link #load()}. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public Settings load() {
        Map<String, String> dotEnv = DotEnv.read(workDir.resolve(".env"));
        JsonNode yaml = readYaml();
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            String v = env.get(key.envName());
            String origin = "environment";
            if (v == null) {
                v = dotEnv.get(key.envName());
                origin = ".env";
            }
            if (v == null && yaml != null && yaml.hasNonNull(key.yamlName())) {
                JsonNode n = yaml.get(key.yamlName());
                if (!n.isValueNode()) {
                    throw ProdguardException.config("prodguard.yml: '" + key.yamlName() + "' must be a single value");
                }
                v = n.asText();
                origin = "prodguard.yml";
            }
            String[] renamed = renamed(key, v, dotEnv, yaml);
            if (renamed != null) {
                v = renamed[0];
                origin = renamed[1];
            }
            if (v == null) {
                v = key.defaultValue();
                origin = "default";
            }
            if (v != null) {
                // URIs: only their password is a secret (registered in validate), so that a
                // password-less URI can still be printed
                if (key.isSecret() && key != ConfigKey.MONGO_URL && key != ConfigKey.SMTP_URL) {
                    Secrets.register(v);
                }
                values.put(key, v);
                origins.put(key, origin);
            }
        }
        warnUnknown(dotEnv, yaml, origins);
        validate(values, origins);
        return new Settings(values, origins, yaml, workDir, home);
    }

    /**
     * The value under an old name of {@code key} ({@link RenamedSettings}), with a warning, when the new name is
     * unset ({@code current} null); a warning that the old one is ignored when both are set. Null: no old name used.
     */
    private String[] renamed(ConfigKey key, String current, Map<String, String> dotEnv, JsonNode yaml) {
        String[] found = null;
        for (Map.Entry<String, ConfigKey> e : RenamedSettings.OLD.entrySet()) {
            if (e.getValue() != key) {
                continue;
            }
            String old = e.getKey();
            String v = env.get(old);
            String origin = "the environment";
            if (v == null) {
                v = dotEnv.get(old);
                origin = ".env";
            }
            if (v == null && yaml != null && yaml.hasNonNull(RenamedSettings.yamlName(old))
                    && yaml.get(RenamedSettings.yamlName(old)).isValueNode()) {
                v = yaml.get(RenamedSettings.yamlName(old)).asText();
                origin = "prodguard.yml";
            }
            if (v == null) {
                continue;
            }
            if (current != null || found != null) {
                warnings.add(old + " (" + origin + ") is an old name of " + key.envName() + ", which is set too: " + old
                        + " is ignored; remove it");
                continue;
            }
            warnings.add(old + " (" + origin + ") is an old name of " + key.envName() + "; it still works, but rename it"
                    + " (the new name says its unit)");
            found = new String[] {v, origin.equals("the environment") ? "environment" : origin};
        }
        return found;
    }

    private JsonNode readYaml() {
        String named = env.get("PRODGUARD_CONFIG");
        Path file = named != null ? workDir.resolve(named) : workDir.resolve("prodguard.yml");
        if (!Files.isRegularFile(file)) {
            if (named != null) {
                throw ProdguardException.config("PRODGUARD_CONFIG names " + file + ", which does not exist");
            }
            return null;
        }
        try {
            JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (n == null || n.isMissingNode() || n.isNull()) {
                return null;
            }
            if (!n.isObject()) {
                throw ProdguardException.config(file.getFileName() + " must be a mapping of keys to values");
            }
            return n;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            throw ProdguardException.config(file.getFileName() + " is not valid YAML: " + Secrets.scrub(msg));
        }
    }

    private void warnUnknown(Map<String, String> dotEnv, JsonNode yaml, Map<ConfigKey, String> origins) {
        Map<String, ConfigKey> byName = new java.util.HashMap<>();
        for (ConfigKey k : ConfigKey.values()) {
            byName.put(k.envName(), k);
        }
        Set<String> known = new java.util.HashSet<>(byName.keySet());
        known.add("PRODGUARD_CONFIG");
        known.addAll(RenamedSettings.OLD.keySet());
        for (Map<String, String> source : List.of(env, dotEnv)) {
            String where = source == env ? "in the environment" : "in .env";
            for (Map.Entry<String, String> e : source.entrySet()) {
                String name = e.getKey();
                if (known.contains(name) || name.startsWith("PRODGUARD_IT_") || name.startsWith("PRODGUARD_DEMO_")
                        || name.equals("PRODGUARD_JAVA_OPTS") || name.startsWith("PRODGUARD_LAUNCHER_")) { // the launcher's
                    continue;
                }
                String meant = NearMisses.suggest(name, e.getValue(), known);
                ConfigKey key = meant == null ? null : byName.get(meant);
                if (key != null) {
                    String origin = origins.getOrDefault(key, "unset");
                    boolean set = !origin.equals("unset") && !origin.equals("default");
                    warnings.add(name + " (" + where + ") is not a setting prodguard reads; did you mean " + meant + "? "
                            + (set ? "prodguard uses " + meant + " (from " + (origin.equals("environment")
                                    ? "the environment" : origin) + ") and ignores " + name
                                    : meant + " is not set, so this value is ignored: rename the variable"));
                } else if (name.startsWith("PRODGUARD_")) {
                    warnings.add("unknown setting " + name + " (" + where + ") is ignored"
                            + (meant == null ? "" : "; did you mean " + meant + "?"));
                }
            }
        }
        if (yaml != null) {
            Set<String> yamlKnown = new java.util.HashSet<>(SECTIONS);
            for (ConfigKey k : ConfigKey.values()) {
                yamlKnown.add(k.yamlName());
            }
            RenamedSettings.OLD.keySet().forEach(old -> yamlKnown.add(RenamedSettings.yamlName(old)));
            for (Iterator<String> it = yaml.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!yamlKnown.contains(name)) {
                    String meant = NearMisses.suggest(name, null, yamlKnown);
                    warnings.add("prodguard.yml: unknown key '" + name + "' is ignored"
                            + (meant == null ? "" : "; did you mean " + meant + "?"));
                }
            }
            for (ConfigKey k : ConfigKey.values()) {
                if (k.isSecret() && yaml.hasNonNull(k.yamlName())) {
                    warnings.add("prodguard.yml holds " + k.yamlName() + ", a secret; keep secrets in the"
                            + " environment (" + k.envName() + "), not in files that may be committed");
                }
            }
        }
    }

    private void validate(Map<ConfigKey, String> values, Map<ConfigKey, String> origins) {
        for (ConfigKey key : ConfigKey.values()) {
            String v = values.get(key);
            if (v != null) {
                values.put(key, checked(key, v, origins.get(key)));
            }
        }
        String db = values.get(ConfigKey.DB_NAME);
        if (db != null) {
            DatabaseNames.check(db, "DB_NAME");
        }
        String url = values.get(ConfigKey.MONGO_URL);
        if (url != null) {
            MongoTarget t = MongoTarget.parse(url, ConfigKey.MONGO_URL.envName());
            char[] p = t.password();
            if (p != null) {
                Secrets.register(new String(p));
            }
        }
        String smtp = values.get(ConfigKey.SMTP_URL);
        if (smtp != null) {
            String info = Credentials.userInfo(smtp);
            if (info != null && info.indexOf(':') >= 0) {
                Secrets.register(info.substring(info.indexOf(':') + 1));
            }
        }
    }

    /**
     * The value in its type's normal form ({@link ConfigKey#type()}).
     *
     * @throws ProdguardException CONFIG naming the key, the value (never a secret's), where it came from and
     *     what is accepted
     */
    static String checked(ConfigKey key, String value, String origin) {
        try {
            return key.type().check(value);
        } catch (IllegalArgumentException e) {
            String shown = key.isSecret() ? key.envName() : key.type() instanceof ValueType.Whole && isNumber(value)
                    ? key.envName() + "=" + value.strip() : key.envName() + "='" + printable(value) + "'";
            throw ProdguardException.config(shown + " (from " + origin + ") " + e.getMessage() + "; use "
                    + key.type().accepted());
        }
    }

    private static boolean isNumber(String v) {
        return v.strip().matches("-?[0-9]{1,18}");
    }

    static String printable(String v) {
        StringBuilder sb = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (Character.isISOControl(c) || c == '\uFFFD') {
                sb.append('?');
            } else {
                sb.append(c);
            }
            if (sb.length() > 40) {
                return sb.append('…').toString();
            }
        }
        return sb.toString();
    }
}
