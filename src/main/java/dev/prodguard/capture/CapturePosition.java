package dev.prodguard.capture;

import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * Where a change stream stands: everything up to and including this position is captured. Resuming
 * uses the resume token when there is one ({@code resumeAfter}/{@code startAfter}), otherwise the
 * cluster time. A position made with {@link #startingAt} is a first start: events AT that time are
 * still to come.
 */
public record CapturePosition(BsonDocument resumeToken, BsonTimestamp clusterTime, boolean startInclusive) {
    /** After the event (or post-batch point) with this token. */
    public static CapturePosition afterToken(BsonDocument token) {
        return new CapturePosition(token, ResumeTokens.clusterTime(token), false);
    }

    /** After every event with a cluster time up to and including {@code time}. */
    public static CapturePosition afterTime(BsonTimestamp time) {
        return new CapturePosition(null, time, false);
    }

    /** A first start: events from {@code time} on, inclusive. */
    public static CapturePosition startingAt(BsonTimestamp time) {
        return new CapturePosition(null, time, true);
    }

    /** Whether an event at this cluster time comes after this position. */
    public boolean precedes(BsonTimestamp eventTime) {
        if (clusterTime == null) {
            return true;
        }
        int c = eventTime.compareTo(clusterTime);
        return startInclusive ? c >= 0 : c > 0;
    }
}
