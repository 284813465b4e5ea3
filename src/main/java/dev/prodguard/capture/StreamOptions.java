package dev.prodguard.capture;

import java.time.Duration;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * How change streams are opened: {@code showExpandedEvents} (6.0+: create, createIndexes, dropIndexes,
 * rename details, disambiguated paths), the {@code fullDocument} mode (null: none, the delta is
 * exact; "updateLookup" or "whenAvailable"), the batch size and how long a getMore may wait for events.
 */
public record StreamOptions(boolean showExpandedEvents, String fullDocument, int batchSize, Duration await) {
    /** Expanded events, no post-image, 1000 events per batch, 500 ms await (well inside a 1 s commit interval). */
    public static StreamOptions defaults() {
        return new StreamOptions(true, null, 1000, Duration.ofMillis(500));
    }

    /** The same options without expanded events (servers before 6.0 reject the option). */
    public StreamOptions withoutExpandedEvents() {
        return new StreamOptions(false, fullDocument, batchSize, await);
    }

    /** The same options with another fullDocument mode. */
    public StreamOptions withFullDocument(String mode) {
        return new StreamOptions(showExpandedEvents, mode, batchSize, await);
    }

    /** The {@code $changeStream} stage for a position (null: from now on). */
    BsonDocument stage(CapturePosition from, boolean afterInvalidate) {
        BsonDocument s = new BsonDocument();
        if (showExpandedEvents) {
            s.append("showExpandedEvents", BsonBoolean.TRUE);
        }
        if (fullDocument != null) {
            s.append("fullDocument", new BsonString(fullDocument));
        }
        if (from != null) {
            if (from.resumeToken() != null) {
                s.append(afterInvalidate ? "startAfter" : "resumeAfter", from.resumeToken());
            } else if (from.clusterTime() != null) {
                s.append("startAtOperationTime", from.clusterTime());
            }
        }
        return s;
    }
}
