package dev.prodguard.repo.s3;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Everything the S3 backend needs besides the location, read once from the settings: endpoint, region,
 * addressing, checksum and conditional-write modes, Object Lock, and static credentials when given.
 */
public record S3Options(URI endpoint, String region, boolean pathStyle, Checksums checksums, Conditional conditional,
        LockMode lockMode, Duration lockFor, String accessKeyId, String secretAccessKey, String sessionToken) {

    /** Which request checksums the client computes. */
    public enum Checksums {
        /** CRC32 on every upload that supports one (the SDK's default since 2.30). */
        WHEN_SUPPORTED,
        /** A checksum only where the operation requires one (the SDK's behaviour before 2.30). */
        WHEN_REQUIRED
    }

    /** How create-only-if-absent is done. */
    public enum Conditional {
        /** {@code If-None-Match: *}, falling back when the provider answers NotImplemented. */
        AUTO,
        /** {@code If-None-Match: *} only; a provider that does not implement it fails the write. */
        ON,
        /** Check, write, read back (see {@link S3Storage#putIfAbsent}). */
        OFF
    }

    /** S3 Object Lock retention mode on written objects. */
    public enum LockMode {
        OFF, GOVERNANCE, COMPLIANCE
    }

    /** The provider behind the endpoint. */
    public Provider provider() {
        return Provider.of(endpoint);
    }

    /** Options for tests and tools: an endpoint with static credentials, path-style, no lock. */
    public static S3Options forEndpoint(URI endpoint, String accessKeyId, String secretAccessKey) {
        return new S3Options(endpoint, "us-east-1", true, Checksums.WHEN_REQUIRED, Conditional.AUTO, LockMode.OFF,
                Duration.ofDays(30), accessKeyId, secretAccessKey, null);
    }

    /** The same options with another conditional-write mode. */
    public S3Options withConditional(Conditional c) {
        return new S3Options(endpoint, region, pathStyle, checksums, c, lockMode, lockFor, accessKeyId, secretAccessKey,
                sessionToken);
    }

    /** The same options with Object Lock. */
    public S3Options withLock(LockMode mode, Duration lockFor) {
        return new S3Options(endpoint, region, pathStyle, mode == LockMode.OFF ? checksums : Checksums.WHEN_SUPPORTED,
                conditional, mode, lockFor, accessKeyId, secretAccessKey, sessionToken);
    }

    /** Reads the S3 settings (already checked against their types at load). */
    public static S3Options from(Settings s) {
        URI endpoint = s.get(ConfigKey.S3_ENDPOINT).filter(v -> !v.isBlank()).map(v -> URI.create(v.strip())).orElse(null);
        String pathStyle = s.get(ConfigKey.S3_PATH_STYLE).orElse("auto");
        boolean path = pathStyle.equals("auto") ? endpoint != null && Provider.of(endpoint) != Provider.AWS
                : Boolean.parseBoolean(pathStyle);
        LockMode lock = LockMode.valueOf(s.get(ConfigKey.S3_OBJECT_LOCK).orElse("off").toUpperCase(Locale.ROOT));
        Checksums checksums = switch (s.get(ConfigKey.S3_CHECKSUMS).orElse("auto")) {
            case "when-supported" -> Checksums.WHEN_SUPPORTED;
            case "when-required" -> Checksums.WHEN_REQUIRED;
            // Object Lock PUTs must carry a checksum (Content-MD5 or x-amz-checksum-*), which WHEN_REQUIRED leaves out
            default -> Provider.of(endpoint).acceptsDefaultChecksums() || lock != LockMode.OFF
                    ? Checksums.WHEN_SUPPORTED : Checksums.WHEN_REQUIRED;
        };
        Conditional conditional = Conditional.valueOf(s.get(ConfigKey.S3_CONDITIONAL_WRITES).orElse("auto")
                .toUpperCase(Locale.ROOT));
        String region = s.get(ConfigKey.S3_REGION).filter(v -> !v.isBlank()).map(String::strip).orElse(null);
        return new S3Options(endpoint, region, path, checksums, conditional, lock,
                Duration.ofDays(s.longValue(ConfigKey.S3_LOCK_DAYS)),
                s.get(ConfigKey.AWS_ACCESS_KEY_ID).filter(v -> !v.isBlank()).map(String::strip).orElse(null),
                s.get(ConfigKey.AWS_SECRET_ACCESS_KEY).filter(v -> !v.isBlank()).map(String::strip).orElse(null),
                s.get(ConfigKey.AWS_SESSION_TOKEN).filter(v -> !v.isBlank()).map(String::strip).orElse(null));
    }

    @Override
    public String toString() {
        return "S3Options[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", checksums="
                + checksums + ", conditional=" + conditional + ", lock=" + lockMode + "]";
    }
}
