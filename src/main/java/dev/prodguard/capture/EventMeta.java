package dev.prodguard.capture;

import java.time.Instant;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * What every change event keeps: its resume token (the event's {@code _id}), its cluster time (the
 * oplog timestamp; events are replayed in this order), the server's wall time when reported (MongoDB
 * 6.0+), and its namespace (null only for an invalidate that names none).
 */
public record EventMeta(BsonDocument resumeToken, BsonTimestamp clusterTime, Instant wallTime, Namespace ns) {}
