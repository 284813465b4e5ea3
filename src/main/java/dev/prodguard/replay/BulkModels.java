package dev.prodguard.replay;

import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.FieldPath;
import dev.prodguard.capture.UpdateDelta;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * The bulk-write form of a document event, when it has one: inserts as inserts (one the target
 * rejects, because it holds the document already, is then applied alone as an upserting replace),
 * replaces and post-images as upserting replaces, deletes, and updates without truncation or exact-component paths as one
 * {@code $set}/{@code $unset}. Others (truncations need a guarded second write, exact paths a read)
 * return null and are applied one by one.
 */
final class BulkModels {
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private BulkModels() {}

    static WriteModel<BsonDocument> of(ChangeEvent e) {
        if (e instanceof ChangeEvent.Insert x) {
            return new InsertOneModel<>(x.document());
        } else if (e instanceof ChangeEvent.Replace x) {
            return new ReplaceOneModel<>(ReplayEngine.idFilter(x.documentKey()), x.document(), UPSERT);
        } else if (e instanceof ChangeEvent.PostImageUpdate x && x.postImage() != null) {
            return new ReplaceOneModel<>(ReplayEngine.idFilter(x.documentKey()), x.postImage(), UPSERT);
        } else if (e instanceof ChangeEvent.Delete x) {
            return new DeleteOneModel<>(ReplayEngine.idFilter(x.documentKey()));
        } else if (e instanceof ChangeEvent.Update x && x.delta().truncated().isEmpty() && !x.delta().needsExactComponents()) {
            BsonDocument spec = spec(x.delta());
            return spec.isEmpty() ? null : new UpdateOneModel<>(ReplayEngine.idFilter(x.documentKey()), spec);
        }
        return null;
    }

    /**
     * The insert as an upserting replace by {@code _id}: exactly what applying it alone does when the target
     * holds the document already (replay onto a base that has it), in one bulk write instead of one each.
     */
    static WriteModel<BsonDocument> asUpsert(ChangeEvent.Insert x) {
        return new ReplaceOneModel<>(ReplayEngine.idFilter(x.documentKey()), x.document(), UPSERT);
    }

    /** {@code {$set: ..., $unset: ...}} of a delta (empty when it changes nothing). */
    static BsonDocument spec(UpdateDelta delta) {
        BsonDocument set = new BsonDocument();
        for (UpdateDelta.SetField s : delta.updated()) {
            set.append(s.path().dotted(), s.value());
        }
        BsonDocument unset = new BsonDocument();
        for (FieldPath p : delta.removed()) {
            unset.append(p.dotted(), new BsonString(""));
        }
        BsonDocument spec = new BsonDocument();
        if (!set.isEmpty()) {
            spec.append("$set", set);
        }
        if (!unset.isEmpty()) {
            spec.append("$unset", unset);
        }
        return spec;
    }
}
