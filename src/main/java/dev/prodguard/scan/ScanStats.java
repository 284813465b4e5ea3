package dev.prodguard.scan;

/** Counters of what a scan looked at and what it skipped. */
public final class ScanStats {
    int filesScanned;
    int commitsScanned;
    int blobsScanned;
    int skippedBinary;
    int skippedLarge;
    boolean gitRepository;

    void count(ContentReader.Outcome outcome, boolean history) {
        switch (outcome) {
            case SCANNED -> {
                if (history) {
                    blobsScanned++;
                } else {
                    filesScanned++;
                }
            }
            case BINARY -> skippedBinary++;
            case TOO_LARGE -> skippedLarge++;
        }
    }

    public int filesScanned() {
        return filesScanned;
    }

    public int commitsScanned() {
        return commitsScanned;
    }

    public int blobsScanned() {
        return blobsScanned;
    }

    public int skippedBinary() {
        return skippedBinary;
    }

    public int skippedLarge() {
        return skippedLarge;
    }

    /** Whether the directory is a git repository (history and .env checks ran). */
    public boolean gitRepository() {
        return gitRepository;
    }
}
