package dev.prodguard.capture;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One change, normalised from whatever the server reported into a form that is enough to replay it
 * exactly. Real-server events come through {@link ChangeEventParser}; the embedded server's through
 * {@link EmbeddedEventAdapter}.
 */
public sealed interface ChangeEvent {
    /** Token, cluster time, wall time and namespace. */
    EventMeta meta();

    /** The event's name as MongoDB spells it ({@code insert}, {@code update}, ...). */
    String operationType();

    /** The document's {@code _id}, for document events. */
    default BsonValue documentId() {
        return null;
    }

    /** A document event: it names one document by its key. */
    sealed interface DocumentEvent extends ChangeEvent {
        /** {@code {_id: ...}} plus the shard key on sharded collections. */
        BsonDocument documentKey();

        @Override
        default BsonValue documentId() {
            return documentKey().get("_id");
        }
    }

    /** A document was inserted; {@code document} is the full document. */
    record Insert(EventMeta meta, BsonDocument documentKey, BsonDocument document) implements DocumentEvent {
        @Override
        public String operationType() {
            return "insert";
        }
    }

    /** A document was updated; what changed comes from the server's {@code updateDescription}. */
    record Update(EventMeta meta, BsonDocument documentKey, UpdateDelta delta) implements DocumentEvent {
        @Override
        public String operationType() {
            return "update";
        }
    }

    /**
     * A document was updated and only its post-image is known (no usable {@code updateDescription}).
     * {@code postImage} is null when the document no longer existed when the image was taken (a later
     * delete follows). {@code origin} says how the image was obtained, since a looked-up image may be
     * newer than the event.
     */
    record PostImageUpdate(EventMeta meta, BsonDocument documentKey, BsonDocument postImage, ImageOrigin origin)
            implements DocumentEvent {
        @Override
        public String operationType() {
            return "update";
        }
    }

    /** How a post-image was obtained. */
    enum ImageOrigin {
        /** {@code fullDocument: whenAvailable/required}: the image as of the event (pre/post-images enabled). */
        EVENT_TIME,
        /** {@code fullDocument: updateLookup} or a read by prodguard: the document as of the lookup, maybe newer. */
        LOOKED_UP
    }

    /** A document was replaced; {@code document} is the replacement, including {@code _id}. */
    record Replace(EventMeta meta, BsonDocument documentKey, BsonDocument document) implements DocumentEvent {
        @Override
        public String operationType() {
            return "replace";
        }
    }

    /** A document was deleted. */
    record Delete(EventMeta meta, BsonDocument documentKey) implements DocumentEvent {
        @Override
        public String operationType() {
            return "delete";
        }
    }

    /** A collection was dropped. */
    record Drop(EventMeta meta) implements ChangeEvent {
        @Override
        public String operationType() {
            return "drop";
        }
    }

    /** A collection was renamed to {@code to}; {@code dropTarget} when an existing target was replaced. */
    record Rename(EventMeta meta, Namespace to, boolean dropTarget) implements ChangeEvent {
        @Override
        public String operationType() {
            return "rename";
        }
    }

    /** A database was dropped. */
    record DropDatabase(EventMeta meta) implements ChangeEvent {
        @Override
        public String operationType() {
            return "dropDatabase";
        }
    }

    /** The stream was invalidated (its collection or database was dropped or renamed); it must be reopened. */
    record Invalidate(EventMeta meta) implements ChangeEvent {
        @Override
        public String operationType() {
            return "invalidate";
        }
    }

    /** A collection was created explicitly (showExpandedEvents); {@code options} as reported. */
    record Create(EventMeta meta, BsonDocument options) implements ChangeEvent {
        @Override
        public String operationType() {
            return "create";
        }
    }

    /** Indexes were created (showExpandedEvents); each spec has {@code key}, {@code name} and options. */
    record CreateIndexes(EventMeta meta, List<BsonDocument> indexes) implements ChangeEvent {
        public CreateIndexes {
            indexes = List.copyOf(indexes);
        }

        @Override
        public String operationType() {
            return "createIndexes";
        }
    }

    /** Indexes were dropped (showExpandedEvents). */
    record DropIndexes(EventMeta meta, List<BsonDocument> indexes) implements ChangeEvent {
        public DropIndexes {
            indexes = List.copyOf(indexes);
        }

        @Override
        public String operationType() {
            return "dropIndexes";
        }
    }

    /**
     * prodguard's own observation, not a server event: the collection's indexes, listed by capture on a
     * server that does not report index changes as events ({@link SchemaWatch}). Replaying it makes the
     * target's indexes exactly these (missing ones created, others dropped, {@code _id_} kept).
     */
    record ObservedIndexes(EventMeta meta, List<BsonDocument> indexes) implements ChangeEvent {
        public ObservedIndexes {
            indexes = List.copyOf(indexes);
        }

        @Override
        public String operationType() {
            return "observedIndexes";
        }
    }

    /** An event prodguard does not replay (e.g. {@code modify}, {@code shardCollection}); kept raw. */
    record Other(EventMeta meta, String operationType, BsonDocument raw) implements ChangeEvent {}
}
