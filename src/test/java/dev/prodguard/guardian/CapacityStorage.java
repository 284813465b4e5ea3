package dev.prodguard.guardian;

import dev.prodguard.repo.Storage;
import dev.prodguard.testing.ForwardingStorage;

/** A real storage whose filesystem reports the free and total space a test sets (-1: cannot tell, like S3). */
final class CapacityStorage extends ForwardingStorage {
    volatile long usable;
    volatile long total;

    CapacityStorage(Storage inner, long usable, long total) {
        super(inner);
        this.usable = usable;
        this.total = total;
    }

    @Override
    public long usableSpace() {
        return usable;
    }

    @Override
    public long totalSpace() {
        return total;
    }
}
