package dev.prodguard.report;

/**
 * One database tier of the tier table: its limits and monthly cost, and where those numbers came from.
 *
 * @param name the tier's name as the provider spells it ({@code M0}, {@code FLEX}, {@code M10})
 * @param storageMb the storage quota, in MB
 * @param connections the most connections at once
 * @param opsPerSecond the operations per second the tier allows (0: not capped)
 * @param transferGbPer7Days data in and out per rolling 7 days (0: not capped)
 * @param monthlyUsd the monthly cost in US dollars (about; the provider's list price)
 * @param source where these numbers come from, with the date they were read
 */
public record Tier(String name, long storageMb, long connections, long opsPerSecond, long transferGbPer7Days,
        double monthlyUsd, String source) {

    /** The storage quota in bytes. */
    public long storageBytes() {
        return storageMb * 1024L * 1024L;
    }
}
