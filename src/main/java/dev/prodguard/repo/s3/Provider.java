package dev.prodguard.repo.s3;

import java.net.URI;
import java.util.Locale;

/**
 * The S3-compatible service behind an endpoint, told by its host name, and what prodguard assumes of it until
 * {@code doctor} has checked. Only AWS is known to accept the SDK's default CRC32 request checksums everywhere;
 * several others (older MinIO, R2 before 2025, B2, Wasabi, GCS's interoperability API) reject or mishandle
 * the {@code x-amz-checksum-*} trailers, so for them the client sends a checksum only where an operation requires one.
 */
public enum Provider {
    AWS("AWS S3", true),
    CLOUDFLARE_R2("Cloudflare R2", false),
    BACKBLAZE_B2("Backblaze B2", false),
    WASABI("Wasabi", false),
    GOOGLE_CLOUD_STORAGE("Google Cloud Storage (S3 interoperability)", false),
    OTHER("an S3-compatible service (e.g. MinIO)", false);

    private final String label;
    private final boolean defaultChecksums;

    Provider(String label, boolean defaultChecksums) {
        this.label = label;
        this.defaultChecksums = defaultChecksums;
    }

    /** The provider of an endpoint; null (no endpoint set) is AWS. */
    public static Provider of(URI endpoint) {
        if (endpoint == null || endpoint.getHost() == null) {
            return endpoint == null ? AWS : OTHER;
        }
        String h = endpoint.getHost().toLowerCase(Locale.ROOT);
        if (h.endsWith(".amazonaws.com") || h.endsWith(".amazonaws.com.cn")) {
            return AWS;
        }
        if (h.endsWith(".r2.cloudflarestorage.com")) {
            return CLOUDFLARE_R2;
        }
        if (h.endsWith(".backblazeb2.com")) {
            return BACKBLAZE_B2;
        }
        if (h.endsWith(".wasabisys.com")) {
            return WASABI;
        }
        if (h.equals("storage.googleapis.com")) {
            return GOOGLE_CLOUD_STORAGE;
        }
        return OTHER;
    }

    /** For messages ("AWS S3", "Cloudflare R2"). */
    public String label() {
        return label;
    }

    /** Whether the SDK's default (CRC32 on every upload) suits this provider. */
    public boolean acceptsDefaultChecksums() {
        return defaultChecksums;
    }
}
