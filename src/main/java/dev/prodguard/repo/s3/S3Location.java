package dev.prodguard.repo.s3;

import dev.prodguard.error.ProdguardException;
import java.util.Locale;

/**
 * Where a repository lives in object storage: {@code s3://bucket/prefix}. The prefix is empty or ends with
 * '/', so repository keys are appended to it unchanged.
 */
public record S3Location(String bucket, String prefix) {
    private static final String SCHEME = "s3://";

    /** Whether a {@code PRODGUARD_REPO} value names object storage rather than a directory. */
    public static boolean isS3(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /**
     * Parses {@code s3://bucket[/prefix]}.
     *
     * @throws ProdguardException CONFIG naming the setting, the value and what a valid one looks like
     */
    public static S3Location parse(String value, String setting) {
        String v = value.strip();
        String rest = v.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        String why = bucketProblem(bucket);
        if (why == null && (prefix.startsWith("/") || prefix.contains("//") || prefix.contains("\\")
                || prefix.contains("/./") || prefix.contains("/../") || prefix.startsWith(".") || prefix.contains("/."))) {
            why = "the prefix has an empty, hidden or relative part";
        }
        if (why != null) {
            throw ProdguardException.config(setting + "='" + v + "' is not a valid S3 location: " + why
                    + "; use s3://bucket or s3://bucket/some/prefix (bucket: 3-63 lower-case letters, digits, '.' and '-')");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new S3Location(bucket, prefix);
    }

    /** Why a bucket name breaks S3's naming rules, or null when it is valid. */
    static String bucketProblem(String bucket) {
        if (bucket.isEmpty()) {
            return "the bucket name is missing";
        }
        if (bucket.length() < 3 || bucket.length() > 63) {
            return "a bucket name has 3 to 63 characters, '" + bucket + "' has " + bucket.length();
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]") || bucket.contains("..")) {
            return "bucket '" + bucket + "' has characters S3 does not allow (upper case, '_', or a leading or"
                    + " trailing '.' or '-')";
        }
        return null;
    }

    /** The full object key of a repository key. */
    public String objectKey(String key) {
        return prefix + key;
    }

    /** The repository key of a full object key under this prefix. */
    public String repositoryKey(String objectKey) {
        return objectKey.substring(prefix.length());
    }

    /** The location as a user writes it. */
    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }
}
