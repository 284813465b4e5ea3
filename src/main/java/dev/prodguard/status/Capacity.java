package dev.prodguard.status;

/** Free and total bytes of the storage's filesystem; {@link #known()} is false for backends that cannot tell. */
public record Capacity(long usableBytes, long totalBytes) {
    /** Whether the backend reported both numbers. */
    public boolean known() {
        return usableBytes >= 0 && totalBytes > 0;
    }

    /** Free share in percent (0-100). */
    public double freePct() {
        return 100.0 * usableBytes / totalBytes;
    }
}
