package dev.prodguard.retention;

import dev.prodguard.repo.Storage;
import dev.prodguard.testing.ForwardingStorage;
import java.io.IOException;

/** A real storage whose {@code delete} fails after a given number of deletions: a prune cut short. */
final class FailingStorage extends ForwardingStorage {
    private int deletionsLeft;
    int deleted;

    FailingStorage(Storage inner, int deletionsBeforeFailure) {
        super(inner);
        this.deletionsLeft = deletionsBeforeFailure;
    }

    @Override
    public void delete(String key) throws IOException {
        if (key.startsWith("locks/")) {
            inner.delete(key); // releasing the lock is not part of the prune's work
            return;
        }
        if (deletionsLeft-- <= 0) {
            throw new IOException("injected failure after " + deleted + " deletion(s)");
        }
        inner.delete(key);
        deleted++;
    }
}
