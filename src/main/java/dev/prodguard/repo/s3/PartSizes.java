package dev.prodguard.repo.s3;

/**
 * Multipart part sizes that grow so that any object S3 accepts (5 TiB) fits within its 10,000-part limit:
 * 8 MiB for parts 1-1000, then doubling every 1000 parts (16 MiB, 32 MiB, ...) up to 4 GiB for parts
 * 9001-10000; 10,000 parts hold about 8 TiB. Every part but the last is at least S3's 5 MiB minimum.
 */
public final class PartSizes {
    /** S3's limit on parts per upload. */
    public static final int MAX_PARTS = 10_000;
    /** The first parts' size (and the largest object written with a single PUT). */
    public static final long FIRST = 8L * 1024 * 1024;
    private static final int PARTS_PER_STEP = 1000;

    private PartSizes() {}

    /** The size of part {@code n} (1-based). @throws IllegalArgumentException beyond the 10,000th part */
    public static long size(int n) {
        if (n < 1 || n > MAX_PARTS) {
            throw new IllegalArgumentException("part " + n + " is outside S3's 1-" + MAX_PARTS + " parts");
        }
        return FIRST << ((n - 1) / PARTS_PER_STEP);
    }

    /** The most bytes parts 1..n hold together. */
    public static long capacity(int n) {
        long total = 0;
        for (int i = 1; i <= n; i++) {
            total += size(i);
        }
        return total;
    }
}
