package dev.prodguard.capture;

import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * Reads the cluster time inside a resume token. A real server's token {@code _data} is a hex
 * KeyString whose first byte is 0x82 (a timestamp) followed by 4 bytes of seconds and 4 of
 * increment; the embedded server's is the 64-bit timestamp value in hex.
 */
public final class ResumeTokens {
    private ResumeTokens() {}

    /** The cluster time the token stands for, or null when the token's form is unknown. */
    public static BsonTimestamp clusterTime(BsonDocument token) {
        if (token == null || !token.isString("_data")) {
            return null;
        }
        String data = token.getString("_data").getValue();
        try {
            if (data.length() >= 18 && data.regionMatches(true, 0, "82", 0, 2)) {
                int seconds = (int) Long.parseLong(data.substring(2, 10), 16);
                int inc = (int) Long.parseLong(data.substring(10, 18), 16);
                return new BsonTimestamp(seconds, inc);
            }
            if (!data.isEmpty() && data.length() <= 16) {
                return new BsonTimestamp(Long.parseUnsignedLong(data, 16)); // embedded server's form
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
