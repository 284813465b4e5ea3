package dev.prodguard.verify;

import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.BsonStream;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.ContentHash;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-reads every stored object of the chosen snapshots: the repository checks each object's hash,
 * size and authentication as it streams; this class re-splits the BSON documents and checks each
 * collection's document count, raw size and content hash against its manifest.
 */
public final class RepositoryVerifier {
    private final Repository repo;

    public RepositoryVerifier(Repository repo) {
        this.repo = repo;
    }

    /** Verifies one snapshot ("latest" or an id), or every snapshot when {@code snapshot} is null. */
    public VerifyReport verify(String snapshot) {
        return verify(snapshot, null);
    }

    /** Verifies one snapshot ("latest" of {@code db}, or an id), or every snapshot when {@code snapshot} is null. */
    public VerifyReport verify(String snapshot, String db) {
        long start = System.nanoTime();
        SnapshotCatalog catalog = new SnapshotCatalog(repo);
        List<String> ids = snapshot == null ? catalog.ids()
                : List.of((db == null ? catalog.resolve(snapshot) : catalog.resolve(snapshot, db)).id());
        List<ObjectCheck> problems = new ArrayList<>();
        java.util.Set<String> referenced = new java.util.HashSet<>();
        int objects = 0;
        long docs = 0;
        long raw = 0;
        for (String id : ids) {
            SnapshotManifest m;
            try {
                m = catalog.load(id);
            } catch (ProdguardException e) {
                problems.add(new ObjectCheck(id, null, "manifest " + id, e.getMessage()));
                continue;
            }
            for (CollectionEntry c : m.collections()) {
                ContentHash hash = new ContentHash();
                long collRaw = 0;
                boolean sound = true;
                for (ObjectRef ref : c.objects()) {
                    objects++;
                    referenced.add(ref.key());
                    try {
                        collRaw += readObject(ref, hash);
                    } catch (ProdguardException e) {
                        if (e.code() == dev.prodguard.error.ErrorCode.KEY) {
                            throw e;
                        }
                        problems.add(new ObjectCheck(id, c.name(), ref.key(), e.getMessage()));
                        sound = false;
                    } catch (IOException e) {
                        problems.add(new ObjectCheck(id, c.name(), ref.key(), "stored object " + ref.key()
                                + " cannot be read: " + e.getMessage()));
                        sound = false;
                    }
                }
                docs += hash.documents();
                raw += collRaw;
                if (sound) {
                    String mismatch = compare(c, hash, collRaw);
                    if (mismatch != null) {
                        problems.add(new ObjectCheck(id, c.name(), "manifest " + id, mismatch));
                    }
                }
            }
        }
        int unreferenced = snapshot == null ? unreferenced(referenced) : 0;
        return new VerifyReport(ids.size(), objects, docs, raw, problems, unreferenced,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Data objects under snapshots/ that no committed snapshot names. */
    private int unreferenced(java.util.Set<String> referenced) {
        int n = 0;
        for (String key : repo.listObjects("snapshots/")) {
            if (!referenced.contains(key)) {
                n++;
            }
        }
        return n;
    }

    private long readObject(ObjectRef ref, ContentHash hash) throws IOException {
        try (InputStream in = repo.openObject(ref)) {
            BsonStream docs = new BsonStream(in, ref.key());
            byte[] d;
            while ((d = docs.next()) != null) {
                hash.add(d, 0, d.length);
            }
            if (docs.offset() != ref.rawBytes()) {
                throw ProdguardException.repository("stored object " + ref.key() + " holds " + docs.offset()
                        + " raw bytes but its manifest records " + ref.rawBytes());
            }
            return docs.offset();
        }
    }

    private static String compare(CollectionEntry c, ContentHash hash, long raw) {
        if (hash.documents() != c.documents()) {
            return "collection " + c.name() + " holds " + hash.documents() + " document(s) but its manifest records "
                    + c.documents();
        }
        if (raw != c.rawBytes()) {
            return "collection " + c.name() + " holds " + raw + " raw bytes but its manifest records " + c.rawBytes();
        }
        if (!hash.hex().equals(c.contentHash())) {
            return "collection " + c.name() + " content hash " + hash.hex() + " differs from its manifest's "
                    + c.contentHash();
        }
        return null;
    }
}
