package dev.prodguard.config;

import java.util.List;
import java.util.Locale;

/**
 * Every setting prodguard reads, with its environment name, default and meaning. docs/configuration.md's
 * configuration table is this enum; keep them identical. In prodguard.yml a key is the environment
 * name in lower case without the {@code PRODGUARD_} prefix (e.g. {@code repo}, {@code db_name}).
 */
public enum ConfigKey {
    MONGO_URL("MONGO_URL", null, true, Types.TEXT, "connection string of the database to protect"),
    DB_NAME("DB_NAME", null, false, Types.TEXT, "name of the database to protect"),
    PRODUCTION("PRODUCTION", "false", false, Types.BOOL, "true on the production deployment (true/false/1/0/yes/no)"),
    REPO("PRODGUARD_REPO", "~/.prodguard/repo", false, Types.TEXT,
            "backup repository: a directory path, or s3://bucket/prefix for S3-compatible object storage"),
    REPO_MIRROR("PRODGUARD_REPO_MIRROR", null, false, Types.TEXT,
            "optional second repository (a directory path or s3://bucket/prefix) that receives every committed object,"
            + " manifest and record; restores read whichever copy is whole"),
    S3_ENDPOINT("PRODGUARD_S3_ENDPOINT", null, false, new ValueType.Url("https://<account>.r2.cloudflarestorage.com",
            List.of("http", "https")), "S3 API endpoint of a non-AWS provider (MinIO, R2, B2, Wasabi, GCS); unset: AWS S3"),
    S3_REGION("PRODGUARD_S3_REGION", null, false, Types.TEXT,
            "S3 region (e.g. eu-central-1); unset: on AWS, AWS_REGION or the AWS profile's region; with"
            + " PRODGUARD_S3_ENDPOINT, us-east-1"),
    S3_PATH_STYLE("PRODGUARD_S3_PATH_STYLE", "auto", false, new ValueType.OneOf(List.of("auto", "true", "false")),
            "path-style S3 URLs (host/bucket/key): auto uses them with PRODGUARD_S3_ENDPOINT and virtual hosts on AWS"),
    S3_CHECKSUMS("PRODGUARD_S3_CHECKSUMS", "auto", false,
            new ValueType.OneOf(List.of("auto", "when-supported", "when-required")),
            "request checksums the S3 client sends: auto = CRC32 on AWS (and with Object Lock), only where an operation"
            + " requires one elsewhere"),
    S3_CONDITIONAL_WRITES("PRODGUARD_S3_CONDITIONAL_WRITES", "auto", false, new ValueType.OneOf(List.of("auto", "on", "off")),
            "create-only-if-absent with If-None-Match: *; auto falls back to check, write and read back when the provider"
            + " answers NotImplemented; off always uses that fallback"),
    S3_OBJECT_LOCK("PRODGUARD_S3_OBJECT_LOCK", "off", false,
            new ValueType.OneOf(List.of("off", "governance", "compliance")),
            "S3 Object Lock retention on every object and manifest (the bucket must have Object Lock enabled)"),
    S3_LOCK_DAYS("PRODGUARD_S3_LOCK_DAYS", "30", false, new ValueType.Whole(1, 36_500, "days"),
            "with Object Lock: how long each restore point stays undeletable after it was captured, in days"),
    AWS_ACCESS_KEY_ID("AWS_ACCESS_KEY_ID", null, false, Types.TEXT,
            "S3 access key id (with AWS_SECRET_ACCESS_KEY); unset: the AWS SDK's chain (profile, container, instance role)"),
    AWS_SECRET_ACCESS_KEY("AWS_SECRET_ACCESS_KEY", null, true, Types.TEXT, "S3 secret access key"),
    AWS_SESSION_TOKEN("AWS_SESSION_TOKEN", null, true, Types.TEXT, "S3 session token of temporary credentials"),
    TRANSFER_BUDGET_MB("PRODGUARD_TRANSFER_BUDGET_MB", "10240", false, new ValueType.Whole(0, 100_000_000, "MB"),
            "what prodguard may read from the database per 7 days (snapshots and capture) before it warns, in MB;"
            + " 10240 is Atlas M0's transfer cap; 0 turns the warning off"),
    REPO_KEY("PRODGUARD_REPO_KEY", null, true, Types.TEXT,
            "passphrase that encrypts a new repository (AES-256-GCM); required to read an encrypted one"),
    CONNECT_TIMEOUT_MS("PRODGUARD_CONNECT_TIMEOUT_MS", "3000", false, new ValueType.Whole(100, 600_000, "ms"),
            "how long doctor and other commands wait for a host or server before diagnosing, in ms"),
    ALLOW_NO_TLS("PRODGUARD_ALLOW_NO_TLS", "false", false, Types.BOOL,
            "let gate pass a production database reached without TLS (e.g. over a private VPN link)"),
    PARALLELISM("PRODGUARD_PARALLELISM", "4", false, new ValueType.Whole(1, 64, "collections"), "collections backed up or restored at once"),
    STATE_DIR("PRODGUARD_STATE_DIR", "~/.prodguard/state", false, Types.TEXT,
            "local state: operation logs, monitoring history"),
    HTTP_PORT("PRODGUARD_HTTP_PORT", "9750", false, new ValueType.Whole(0, 65535, ""), "port of the guardian's dashboard, /health, /metrics and /api (0: any free port)"),
    HTTP_BIND("PRODGUARD_HTTP_BIND", "127.0.0.1", false, new ValueType.IpAddress(),
            "the address the guardian's dashboard, /health, /metrics and /api listen on; anything but loopback exposes them"
            + " beyond this machine: prefer an SSH tunnel or a reverse proxy with TLS (list its name in PRODGUARD_HTTP_HOSTS)"),
    HTTP_HOSTS("PRODGUARD_HTTP_HOSTS", null, false, new ValueType.HostNames(),
            "host names the guardian's HTTP server answers besides 127.0.0.1, localhost and [::1], comma-separated"
            + " (name or name:port, e.g. a reverse proxy's public name); any other Host header gets 421"),
    WEBHOOK_URL("PRODGUARD_WEBHOOK_URL", null, true, new ValueType.Url("https://hooks.example.com/...",
            List.of("http", "https")), "alert webhook (generic JSON, or a Slack hook)"),
    SMTP_URL("PRODGUARD_SMTP_URL", null, true, new ValueType.Url(
            "smtp://user:password@mail.example.com:587", List.of("smtp", "smtps")), "smtp://user:password@host:port for alert email"),
    ALERT_EMAIL("PRODGUARD_ALERT_EMAIL", null, false, new ValueType.Emails(), "where alert email goes"),
    CAPTURE_COMMIT_INTERVAL("PRODGUARD_CAPTURE_COMMIT_INTERVAL_MS", "500", false, new ValueType.Whole(10, 3_600_000, "ms"),
            "capture commits a change segment at least this often while changes flow, in ms"),
    CAPTURE_HEARTBEAT_INTERVAL("PRODGUARD_CAPTURE_HEARTBEAT_INTERVAL_MS", "1000", false, new ValueType.Whole(10, 3_600_000, "ms"),
            "how often capture stamps prodguard_heartbeat so an idle database's window stays current, in ms"),
    DEMO_DIR("PRODGUARD_DEMO_DIR", "prodguard-demo", false, Types.TEXT, "where `prodguard demo` keeps its database file, repository and state"),
    CAPTURE_EXPECTED("PRODGUARD_CAPTURE_EXPECTED", "false", false, Types.BOOL,
            "true: the guardian alerts when no change of DB_NAME is committed, even if capture never ran (otherwise only once a capture has committed)"),
    CAPTURE_STOPPED_AFTER("PRODGUARD_CAPTURE_STOPPED_AFTER_S", "30", false, new ValueType.Whole(1, 86_400, "s"),
            "the guardian raises the capture-stopped alert when capture has not been running for this long (inside run), or"
            + " a separate prodguard capture committed nothing for this long, in s"),
    CAPTURE_LAG_ALERT("PRODGUARD_CAPTURE_LAG_ALERT_S", "60", false, new ValueType.Whole(1, 86_400, "s"),
            "the guardian alerts 'capture lagging' when the newest committed change was this far behind its commit, in s"),
    REPO_FREE_PCT("PRODGUARD_REPO_FREE_PCT", "10", false, new ValueType.Whole(0, 99, "%"),
            "the guardian alerts when the repository's filesystem has less than this share free, in %"),
    REPO_FREE_MB("PRODGUARD_REPO_FREE_MB", "1024", false, new ValueType.Whole(0, 100_000_000, "MB"),
            "the guardian alerts when the repository's filesystem has less than this much free, in MB"),
    WIPE_MASS_DELETE("PRODGUARD_WIPE_MASS_DELETE", "1000", false, new ValueType.Whole(1, 1_000_000_000, "documents"),
            "the guardian raises a wipe alert when more documents than this are deleted from one guarded collection within PRODGUARD_WIPE_WINDOW_S"),
    WIPE_WINDOW("PRODGUARD_WIPE_WINDOW_S", "10", false, new ValueType.Whole(1, 86_400, "s"), "the window of the wipe rules, in seconds: drops this close together are one wipe, and the mass-delete rule counts deletes within it"),
    WIPE_IGNORE("PRODGUARD_WIPE_IGNORE", null, false, Types.TEXT,
            "collections of DB_NAME not guarded against wipes, comma-separated (e.g. sessions,cache); all others are"),
    HEALTH_GRACE("PRODGUARD_HEALTH_GRACE_S", "15", false, new ValueType.Whole(1, 3600, "s"),
            "the guardian's /health answers 503 once the database has been unreachable this long, in s"),
    API_TOKEN("PRODGUARD_API_TOKEN", null, true, new ValueType.MinLength(16,
            "a long random value of at least 16 characters (e.g. 'openssl rand -base64 32'), or unset it to have the"
            + " guardian generate one"),
            "bearer token of the guardian's JSON API (/api/...), at least 16 characters; unset: the guardian generates"
            + " one in PRODGUARD_STATE_DIR/api-token"),
    TIER("PRODGUARD_TIER", null, false, Types.TEXT,
            "the database's current tier, a name of the tier table (M0, FLEX, M10, M20 or prodguard.yml's tiers:): the"
            + " report's capacity advisor says when its limits are reached; unset: the advisor asks for it"),
    REPORT_KEEP("PRODGUARD_REPORT_KEEP", "12", false, new ValueType.Whole(0, 1000, "reports"),
            "how many of each scheduled report (weekly, monthly, quarterly) the guardian keeps in"
            + " PRODGUARD_STATE_DIR/reports; 0: the guardian writes none"),
    REPORT_EMAIL("PRODGUARD_REPORT_EMAIL", "false", false, Types.BOOL,
            "true: the guardian mails each weekly report (HTML attached) through PRODGUARD_SMTP_URL to PRODGUARD_ALERT_EMAIL"),
    TRANSFER_SHARE_PCT("PRODGUARD_TRANSFER_SHARE_PCT", "25", false, new ValueType.Whole(1, 100, "%"),
            "the report warns and suggests fewer snapshots when prodguard's own reads exceed this share of the tier's"
            + " weekly transfer cap, in %"),
    FILE_MODE("PRODGUARD_FILE_MODE", "private", false, new ValueType.OneOf(List.of("private", "group")),
            "permissions of every file and directory prodguard creates: private (0600/0700) or group (0640/0750)");

    /** Shared instances of the value types without parameters. */
    private static final class Types {
        static final ValueType TEXT = new ValueType.Text();
        static final ValueType BOOL = new ValueType.Bool();
    }

    private final String envName;
    private final String defaultValue;
    private final boolean secret;
    private final ValueType type;
    private final String description;

    ConfigKey(String envName, String defaultValue, boolean secret, ValueType type, String description) {
        this.envName = envName;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.type = type;
        this.description = description;
    }

    public String envName() {
        return envName;
    }

    /** The key's name in prodguard.yml. */
    public String yamlName() {
        return envName.replaceFirst("^PRODGUARD_", "").toLowerCase(Locale.ROOT);
    }

    public String defaultValue() {
        return defaultValue;
    }

    public boolean isSecret() {
        return secret;
    }

    /** The value's type, unit and bounds; every present value is checked against it at load. */
    public ValueType type() {
        return type;
    }

    public String description() {
        return description;
    }
}
