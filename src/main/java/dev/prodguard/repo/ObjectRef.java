package dev.prodguard.repo;

/**
 * A committed data object, as recorded in a manifest: its storage key, the SHA-256 (hex) of the
 * bytes as stored, the stored size and the size before compression and encryption.
 */
public record ObjectRef(String key, String sha256, long storedBytes, long rawBytes) {}
