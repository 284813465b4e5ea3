package dev.prodguard.verify;

/** The outcome of checking one stored object (or manifest): its key, and the problem or null when sound. */
public record ObjectCheck(String snapshotId, String collection, String key, String problem) {
    public boolean ok() {
        return problem == null;
    }
}
