package dev.prodguard.snapshot;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Snapshot ids: {@code yyyyMMdd'T'HHmmss.SSS'Z'-xxxx} (UTC start time, 4 random hex), so they sort by time. */
public final class SnapshotIds {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SnapshotIds() {}

    /** A new id for a snapshot started at {@code start}. */
    public static String next(Instant start) {
        return FORMAT.format(start) + "-" + dev.prodguard.text.Digits.hex(RANDOM.nextInt(0x10000), 4);
    }
}
