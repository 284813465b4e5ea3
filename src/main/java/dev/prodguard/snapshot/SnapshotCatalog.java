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
    /** Manifest JSON: unknown fields ignored (a newer minor writer), missing ones default. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
     * The snapshot named by an id or "latest".
     *
     * @throws ProdguardException USAGE when there is no such snapshot; REPOSITORY when its manifest is damaged
     */
    public SnapshotManifest resolve(String idOrLatest) {
        List<String> ids = ids();
        if (idOrLatest == null || idOrLatest.equals("latest")) {
            if (ids.isEmpty()) {
                throw ProdguardException.usage("the repository at " + repo.location()
                        + " holds no snapshot yet; run 'prodguard backup' first");
            }
            return load(ids.get(ids.size() - 1));
        }
        if (!ids.contains(idOrLatest)) {
            throw ProdguardException.usage("no snapshot '" + idOrLatest + "' in the repository at " + repo.location()
                    + (ids.isEmpty() ? "; it holds none yet" : "; run 'prodguard list' to see the "
                    + ids.size() + " snapshot(s), or use 'latest'"));
        }
        return load(idOrLatest);
    }

    /** Reads one manifest. @throws ProdguardException REPOSITORY when damaged or of a newer format */
    public SnapshotManifest load(String id) {
        byte[] json = repo.readManifest(SnapshotManifest.KIND, id);
        SnapshotManifest m;
        try {
            m = JSON.readValue(json, SnapshotManifest.class);
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
            repo.writeManifest(SnapshotManifest.KIND, m.id(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode manifest " + m.id(), e);
        }
    }
}
