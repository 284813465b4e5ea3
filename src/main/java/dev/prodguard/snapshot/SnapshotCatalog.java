package dev.prodguard.snapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes snapshot manifests in a repository; resolves "latest" and ids. */
public final class SnapshotCatalog {
    /** The record binding of manifests, built at its first use (a manifest not in the form prodguard writes). */
    private static final class Binding {
        /** Manifest JSON: unknown fields ignored (a newer minor writer), missing ones default. */
        static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** The record binding of snapshot manifests ({@link SnapshotManifestJson} reads and writes the usual form without it). */
    public static ObjectMapper json() {
        return Binding.JSON;
    }

    private final Repository repo;

    public SnapshotCatalog(Repository repo) {
        this.repo = repo;
    }

    /** Committed snapshot ids, oldest first. */
    public List<String> ids() {
        return repo.listManifests(SnapshotManifest.KIND);
    }

    /** Every committed snapshot, oldest first. */
    public List<SnapshotManifest> all() {
        List<SnapshotManifest> out = new ArrayList<>();
        for (String id : ids()) {
            out.add(load(id));
        }
        return out;
    }

    /**
     * The snapshot named by an id, or by "latest": the newest regular snapshot of database {@code db}
     * (safety snapshots are never "latest"; they are restorable by id).
     *
     * @throws ProdguardException USAGE when there is no such snapshot; REPOSITORY when its manifest is damaged
     */
    public SnapshotManifest resolve(String idOrLatest, String db) {
        List<String> ids = ids();
        if (idOrLatest == null || idOrLatest.equals("latest")) {
            SnapshotManifest latest = latest(db);
            if (latest == null) {
                throw ProdguardException.usage(noLatest(db));
            }
            return latest;
        }
        if (!ids.contains(idOrLatest)) {
            throw ProdguardException.usage("no snapshot '" + idOrLatest + "' in the repository at " + repo.location()
                    + (ids.isEmpty() ? "; it holds none yet" : "; run 'prodguard list' to see the "
                    + ids.size() + " snapshot(s), or use 'latest'"));
        }
        return load(idOrLatest);
    }

    /**
     * As {@link #resolve(String, String)} for a repository that holds regular snapshots of one database
     * only ("latest" is per database: with several, name one).
     *
     * @throws ProdguardException USAGE when "latest" is ambiguous or there is no such snapshot
     */
    public SnapshotManifest resolve(String idOrLatest) {
        if (idOrLatest != null && !idOrLatest.equals("latest")) {
            return resolve(idOrLatest, null);
        }
        java.util.Set<String> dbs = new java.util.TreeSet<>();
        for (SnapshotManifest m : all()) {
            if (!m.isSafety()) {
                dbs.add(m.db());
            }
        }
        if (dbs.size() > 1) {
            throw ProdguardException.usage("'latest' is per database and the repository at " + repo.location()
                    + " holds snapshots of " + String.join(", ", dbs) + "; set DB_NAME (or --db) to one of them");
        }
        return resolve("latest", dbs.isEmpty() ? "" : dbs.iterator().next());
    }

    /** The newest regular (not safety) snapshot of {@code db}, or null when there is none. */
    public SnapshotManifest latest(String db) {
        List<String> ids = ids();
        for (int i = ids.size() - 1; i >= 0; i--) {
            SnapshotManifest m = load(ids.get(i));
            if (m.db().equals(db) && !m.isSafety()) {
                return m;
            }
        }
        return null;
    }

    /** Why "latest" names nothing for {@code db}: what the repository holds instead, and what to do. */
    private String noLatest(String db) {
        java.util.Set<String> others = new java.util.TreeSet<>();
        boolean safety = false;
        for (SnapshotManifest m : all()) {
            if (m.db().equals(db)) {
                safety |= m.isSafety();
            } else {
                others.add(m.db());
            }
        }
        String why = "the repository at " + repo.location() + " holds no snapshot of database " + db + " yet";
        if (safety) {
            why += " (only safety snapshots, taken before forced restores; restore one by id, see 'prodguard list')";
        }
        if (!others.isEmpty()) {
            why += "; it holds snapshots of " + String.join(", ", others) + " (set DB_NAME to one of them)";
        }
        return why + "; run 'prodguard backup' to take one";
    }

    /** Reads one manifest. @throws ProdguardException REPOSITORY when damaged or of a newer format */
    public SnapshotManifest load(String id) {
        byte[] json = repo.readManifest(SnapshotManifest.KIND, id);
        SnapshotManifest m;
        try {
            m = SnapshotManifestJson.read(json);
        } catch (IOException e) {
            throw ProdguardException.repository("snapshot manifest " + id + " cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "); run 'prodguard verify'", e);
        }
        if (m.format() > SnapshotManifest.FORMAT) {
            throw ProdguardException.repository("snapshot " + id + " was written in manifest format " + m.format()
                    + " but this prodguard reads up to " + SnapshotManifest.FORMAT + "; upgrade prodguard");
        }
        if (!id.equals(m.id())) {
            throw ProdguardException.repository("snapshot manifest " + id + " names itself '" + m.id()
                    + "'; the repository is inconsistent: run 'prodguard verify'");
        }
        return m;
    }

    /** Commits a snapshot by writing its manifest (the commit point). */
    public void commit(SnapshotManifest m) {
        try {
            repo.writeManifest(SnapshotManifest.KIND, m.id(), SnapshotManifestJson.write(m));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode manifest " + m.id(), e);
        }
    }
}
