package dev.prodguard.capture;

import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.Workers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Lists committed change segments and reads their events back, streaming. */
public final class SegmentReader {
    private SegmentReader() {}

    /**
     * The committed segments of a database whose manifests can be read, oldest first. A manifest that is
     * damaged is left out (its sequence number is then missing, which the timeline treats as a hole and
     * {@code verify} reports); a wrong repository key still fails.
     */
    public static List<SegmentManifest> list(Repository repo, String database) {
        List<SegmentManifest> out = new ArrayList<>();
        for (SegmentManifest m : read(repo, ids(repo, database))) {
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** How many segment manifests one reading task reads, one after another. */
    private static final int READ_CHUNK = 64;

    /**
     * The manifests of {@code ids}, in the same order, null where {@link #readOrNull} gives null; a wrong key still
     * fails. A week of captured history is hundreds of thousands of manifests, each a request of its own on object
     * storage, so more than one chunk of them are read as many chunks at a time as the storage's
     * {@link dev.prodguard.repo.Storage#readConcurrency()} says (16 on S3, one per core on a local disk).
     */
    public static List<SegmentManifest> read(Repository repo, List<String> ids) {
        List<SegmentManifest> out = new ArrayList<>(ids.size());
        if (ids.size() <= READ_CHUNK) {
            ids.forEach(id -> out.add(readOrNull(repo, id)));
            return out;
        }
        List<Callable<List<SegmentManifest>>> tasks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += READ_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + READ_CHUNK));
            tasks.add(() -> {
                List<SegmentManifest> read = new ArrayList<>(chunk.size());
                chunk.forEach(id -> read.add(readOrNull(repo, id)));
                return read;
            });
        }
        Workers.Group<List<SegmentManifest>> readers = Workers.run(tasks,
                repo.storage().readConcurrency(), "manifest-read");
        try {
            readers.awaitAll().forEach(out::addAll);
        } catch (RuntimeException | Error e) {
            readers.cancel(5); // the others would fail alike (a wrong key): stop them before saying why
            throw e;
        }
        return out;
    }

    /** One segment manifest, or null when it is damaged (left out as {@link #list} does); a wrong key still fails. */
    static SegmentManifest readOrNull(Repository repo, String id) {
        try {
            return SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, id));
        } catch (ProdguardException e) {
            if (e.code() != dev.prodguard.error.ErrorCode.REPOSITORY) {
                throw e;
            }
            return null;
        } catch (RuntimeException e) { // valid envelope, but not a segment manifest's JSON
            return null;
        }
    }

    /** The ids of every committed segment manifest of a database (readable or not), oldest first. */
    public static List<String> ids(Repository repo, String database) {
        List<String> out = new ArrayList<>();
        for (String id : repo.listManifests(SegmentManifest.KIND)) {
            if (database.equals(database(id))) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Whether the database may have a committed segment manifest (readable or not): false only when it certainly has
     * none, which one short listing from its first possible id shows (sequence numbers start at 1). True as well when
     * that listing is a full page of other databases' segments (names that start like this one's and sort among its).
     */
    public static boolean anyCommitted(Repository repo, String database) {
        int max = 64;
        List<String> page = repo.listManifestsAfter(SegmentManifest.KIND, database + "-", SegmentManifest.id(database, 0), max);
        return page.size() >= max || page.stream().anyMatch(id -> database.equals(database(id)));
    }

    /** The databases with committed change segments, by name. */
    public static java.util.Set<String> databases(Repository repo) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String id : repo.listManifests(SegmentManifest.KIND)) {
            String db = database(id);
            if (db != null) {
                out.add(db);
            }
        }
        return out;
    }

    /** The database of a segment id ({@link SegmentManifest#id}: {@code <db>-<seq, 12 digits>}), or null when it is not one. */
    public static String database(String id) {
        int dash = id.length() - 13;
        return dash > 0 && id.charAt(dash) == '-' && isDigits(id.substring(dash + 1)) ? id.substring(0, dash) : null;
    }

    /** The sequence number in a segment id ({@link SegmentManifest#id}). */
    public static long seq(String id) {
        return Long.parseLong(id.substring(id.length() - 12));
    }

    /** A gap manifest's id ({@link GapManifest#id}: {@code <db>-<afterSeq, 12 digits>-<to, epoch ms>}) taken apart. */
    public record GapId(String database, long afterSeq, java.time.Instant to) {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(.+)-(\\d{12})-(\\d{1,18})");

        /** The parts of {@code id}, or null when it is not a gap id. */
        public static GapId parse(String id) {
            java.util.regex.Matcher m = FORM.matcher(id);
            return m.matches() ? new GapId(m.group(1), Long.parseLong(m.group(2)),
                    java.time.Instant.ofEpochMilli(Long.parseLong(m.group(3)))) : null;
        }
    }

    /** The ids of every gap manifest of a database (readable or not), oldest first. */
    public static List<String> gapIds(Repository repo, String database) {
        List<String> out = new ArrayList<>();
        for (String id : repo.listManifests(GapManifest.KIND)) {
            GapId g = GapId.parse(id);
            if (g != null && g.database().equals(database)) {
                out.add(id);
            }
        }
        return out;
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The newest committed segment of a database, or null. */
    public static SegmentManifest newest(Repository repo, String database) {
        List<SegmentManifest> all = list(repo, database);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /**
     * The capture tip of a database, or null when there is none or it cannot be read (the tip only
     * extends the history the segments prove; without it the window ends at the newest segment).
     */
    public static CaptureTip tip(Repository repo, String database) {
        try {
            byte[] rec = repo.getRecord(CaptureTip.record(database));
            return rec == null ? null : CaptureTip.fromJson(rec);
        } catch (RuntimeException e) { // damaged or unreadable: fall back to the segments
            return null;
        }
    }

    /** Feeds a segment's events, in order, to {@code sink}; integrity is checked as it is read. */
    public static void read(Repository repo, SegmentManifest segment, Consumer<ChangeEvent> sink) {
        if (segment.object() == null) {
            return;
        }
        try (InputStream in = repo.openObject(segment.object()); DataInputStream data = new DataInputStream(in)) {
            byte[] len = new byte[4];
            while (true) {
                try {
                    data.readFully(len);
                } catch (EOFException end) {
                    return;
                }
                int size = SegmentWriter.readInt(len, 0);
                byte[] doc = new byte[size];
                System.arraycopy(len, 0, doc, 0, 4);
                data.readFully(doc, 4, size - 4);
                sink.accept(EventCodec.decode(doc));
            }
        } catch (IOException e) {
            throw ProdguardException.repository("cannot read change segment " + segment.id() + ": " + e.getMessage(), e);
        }
    }

    /** All events of a segment (for tests and small segments; restore streams with {@link #read}). */
    public static List<ChangeEvent> events(Repository repo, SegmentManifest segment) {
        List<ChangeEvent> out = new ArrayList<>();
        read(repo, segment, out::add);
        return out;
    }
}
