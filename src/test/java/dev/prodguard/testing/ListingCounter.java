package dev.prodguard.testing;

import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real storage that counts the keys its listings return ({@code list}, {@code listSome}, {@code listAfter}): what a
 * listing costs grows with them (on S3, a request per 1,000), so a test can say that something does not list a
 * history whose length it does not need.
 */
public final class ListingCounter extends ForwardingStorage {
    private final AtomicLong listed = new AtomicLong();

    public ListingCounter(Storage inner) {
        super(inner);
    }

    /** The keys listed so far. */
    public long listed() {
        return listed.get();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return counted(inner.list(prefix));
    }

    @Override
    public List<String> listSome(String prefix, int max) throws IOException {
        return counted(inner.listSome(prefix, max));
    }

    @Override
    public List<String> listAfter(String prefix, String after, int max) throws IOException {
        return counted(inner.listAfter(prefix, after, max));
    }

    private List<String> counted(List<String> keys) {
        listed.addAndGet(keys.size());
        return keys;
    }
}
