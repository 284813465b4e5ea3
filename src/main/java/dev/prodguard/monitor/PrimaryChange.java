package dev.prodguard.monitor;

import java.time.Instant;

/**
 * A replica-set election seen by the monitor: when it was noticed, the primary before (null when
 * unknown) and after, and how it was seen ("topology events" or "replSetGetStatus").
 */
public record PrimaryChange(Instant at, String from, String to, String seenBy) {
    /** "db0:27017 -> db1:27017". */
    public String describe() {
        return (from == null ? "(unknown)" : from) + " -> " + to;
    }
}
