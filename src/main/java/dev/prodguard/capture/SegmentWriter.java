package dev.prodguard.capture;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.ObjectWriter;
import dev.prodguard.repo.Repository;
import dev.prodguard.text.Instants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * Writes captured events into time-ordered segments: events stream into one repository object as they
 * arrive (memory stays bounded), and {@link #commit()} finishes the object and writes the manifest,
 * the commit point, recording the position after the last event. A crash before the manifest leaves
 * only debris; capture then resumes from the previous manifest's position and rewrites those events.
 * When only the position moved (the database is idle), a commit advances the replaceable
 * {@link CaptureTip} record instead, and a segment with no events is written at most every
 * {@code idleSegmentEvery}, so an idle window stays current without a segment per commit interval.
 */
public final class SegmentWriter implements AutoCloseable {
    /**
     * The commit interval capture should use unless configured otherwise: a commit at least this often
     * while changes flow, and earlier once the oldest uncommitted event is this old (see {@link #due()}).
     * On the fixed tick alone, the p99 lag at the embedded server's full write speed was 1.16 s: an event
     * waited for its delivery and then for the next tick.
     */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(500);

    /** How often an idle database still gets a (position-only) segment, the tip covering the time between. */
    public static final Duration DEFAULT_IDLE_SEGMENT_EVERY = Duration.ofMinutes(5);

    /** A segment is committed early once this many raw bytes are buffered. */
    static final long MAX_RAW_BYTES = 64L * 1024 * 1024;

    private final Repository repo;
    private final String database;
    private final String path;
    private final Clock clock;
    private final Duration interval;
    private final Duration idleSegmentEvery;
    private long nextSeq;
    private Runnable guard = () -> {};
    private Instant lastSegmentAt;
    private boolean segmentRequired;
    private long tipWrites;
    private CapturePosition committed;
    private Instant lastCommitAt;
    private ObjectWriter object;
    private long events;
    private BsonTimestamp first;
    private BsonTimestamp last;
    private Instant firstWall;
    private Instant lastWall;
    private CapturePosition pending;
    private String indexes;
    private boolean fresh;

    private SegmentWriter(Repository repo, String database, String path, Clock clock, Duration interval, Duration idleSegmentEvery,
            long nextSeq, CapturePosition committed) {
        this.repo = repo;
        this.database = database;
        this.path = path;
        this.clock = clock;
        this.interval = interval;
        this.idleSegmentEvery = idleSegmentEvery;
        this.nextSeq = nextSeq;
        this.committed = committed;
        this.lastCommitAt = clock.instant();
        this.lastSegmentAt = lastCommitAt;
        this.segmentRequired = nextSeq == 1; // the first commit of a history is a segment: runs start with one
        this.fresh = nextSeq == 1;
    }

    /** A writer continuing after the newest committed segment of {@code database} (if any), idle segments every 5 minutes. */
    public static SegmentWriter resume(Repository repo, String database, String path, Clock clock, Duration interval) {
        return resume(repo, database, path, clock, interval, DEFAULT_IDLE_SEGMENT_EVERY);
    }

    /**
     * A writer continuing after the newest committed segment of {@code database} (if any), or after the
     * capture tip when the tip extends that segment; an idle database gets a segment every {@code idleSegmentEvery}.
     */
    public static SegmentWriter resume(Repository repo, String database, String path, Clock clock, Duration interval,
            Duration idleSegmentEvery) {
        SegmentManifest lastSegment = SegmentReader.newest(repo, database);
        List<String> ids = SegmentReader.ids(repo, database);
        // the next number follows the newest manifest even when it cannot be read (the timeline shows the hole)
        long newestSeq = ids.isEmpty() ? 0 : SegmentReader.seq(ids.get(ids.size() - 1));
        if (lastSegment != null && lastSegment.seq() != newestSeq) {
            lastSegment = null; // resume from the readable history's start would rewrite changes into a new run
        }
        CapturePosition from = lastSegment == null ? null : lastSegment.position();
        CaptureTip tip = lastSegment == null ? null : SegmentReader.tip(repo, database);
        if (tip != null && tip.extendsSegment(newestSeq)) {
            from = tip.position();
        }
        SegmentWriter w = new SegmentWriter(repo, database, path, clock, interval, idleSegmentEvery, newestSeq + 1, from);
        if (from == null) {
            w.startFresh(); // a history that starts again (or after an unreadable newest segment) starts with a segment
        }
        return w;
    }

    /**
     * Makes the next commit a segment even when it holds no event (after a gap: a new run of history
     * must start with a segment, never with a tip that would seem to extend the run the gap ended).
     */
    public void requireSegment() {
        segmentRequired = true;
    }

    /**
     * The history starts again here (after a gap, or from "now"): the next commit is a segment marked
     * {@link SegmentManifest#fresh()}, so the restart is provable even without the gap manifest.
     */
    public void startFresh() {
        segmentRequired = true;
        fresh = true;
    }

    /** Records in each segment how index changes reach it ({@link SegmentManifest#INDEXES_EVENTS} or {@code INDEXES_LISTED}). */
    public SegmentWriter indexes(String how) {
        this.indexes = how;
        return this;
    }

    /** How many times this writer advanced the capture tip instead of committing a segment. */
    public long tipWrites() {
        return tipWrites;
    }

    /** The sequence of the newest committed segment (0: none yet). */
    public long newestSeq() {
        return nextSeq - 1;
    }

    /** When this writer last committed (a segment or the tip). */
    public Instant lastCommitAt() {
        return lastCommitAt;
    }

    /** The position of the newest committed segment: where capture resumes (null: never committed). */
    public CapturePosition committedPosition() {
        return committed;
    }

    /**
     * Adds a batch (events in cluster-time order) and remembers its position.
     *
     * @throws ProdguardException STORAGE when the object cannot be written
     */
    public void add(List<ChangeEvent> batch, CapturePosition position) {
        for (ChangeEvent e : batch) {
            if (last != null && e.meta().clusterTime().compareTo(last) < 0) {
                throw new ProdguardException(ErrorCode.INTERNAL, "capture delivered an event at cluster time "
                        + Instants.clusterTime(Integer.toUnsignedLong(e.meta().clusterTime().getTime()),
                                Integer.toUnsignedLong(e.meta().clusterTime().getInc()))
                        + " after one at " + Instants.clusterTime(Integer.toUnsignedLong(last.getTime()),
                                Integer.toUnsignedLong(last.getInc())) + "; segments must be time-ordered");
            }
            write(EventCodec.encode(e));
            events++;
            if (first == null) {
                first = e.meta().clusterTime();
                firstWall = e.meta().wallTime();
            }
            last = e.meta().clusterTime();
            lastWall = e.meta().wallTime() != null ? e.meta().wallTime() : lastWall;
        }
        if (position != null) {
            pending = position;
        }
    }

    /**
     * Whether a commit is due: the segment grew large; or something is new and an interval passed since
     * the previous commit (while changes flow, a commit at least every interval); or, earlier, the
     * segment's oldest event is one interval old by its time on the server ({@code wallTime}) and the
     * previous commit is at least a quarter interval ago. The age rule commits an event that took long
     * to arrive at once, instead of letting it wait for the next tick on top of its delivery; a server
     * clock ahead of ours only leaves the tick. Events without a server time wait for the tick.
     */
    public boolean due() {
        Instant now = clock.instant();
        if (events > 0) {
            boolean large = object != null && object.rawBytesWritten() >= MAX_RAW_BYTES;
            boolean old = firstWall != null && !now.isBefore(firstWall.plus(interval))
                    && !now.isBefore(lastCommitAt.plus(interval.dividedBy(4)));
            return large || old || !now.isBefore(lastCommitAt.plus(interval));
        }
        return pending != null && !Objects.equals(pending, committed) && !now.isBefore(lastCommitAt.plus(interval))
                && (segmentRequired || !now.isBefore(lastCommitAt.plus(repo.storage().idleWriteEvery()))
                        || !now.isBefore(lastSegmentAt.plus(idleSegmentEvery)));
    }

    /** Runs before every commit writes anything (capture passes its lock's check, which throws when the lock was lost). */
    public SegmentWriter guard(Runnable check) {
        this.guard = check;
        return this;
    }

    /**
     * Commits what is new: a segment (object, then manifest), or, when only the position moved and an
     * idle segment is not due, the capture tip. Returns the segment, or null (nothing new, or the tip).
     */
    public SegmentManifest commit() {
        if (events == 0 && (pending == null || Objects.equals(pending, committed))) {
            return null;
        }
        guard.run();
        Instant at = clock.instant();
        if (events == 0 && !segmentRequired && at.isBefore(lastSegmentAt.plus(idleSegmentEvery))
                && pending.clusterTime() != null) {
            repo.putRecord(CaptureTip.record(database), new CaptureTip(database, nextSeq - 1, pending, at).toJson());
            committed = pending;
            lastCommitAt = at;
            tipWrites++;
            return null;
        }
        ObjectRef ref = null;
        try {
            if (object != null) {
                ref = object.commit();
                object.close();
            }
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot commit change segment of " + database + ": " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        SegmentManifest m = new SegmentManifest(nextSeq, database, path, events, first, last, firstWall, lastWall,
                pending != null ? pending : committed, ref, now, indexes, fresh);
        repo.writeManifest(SegmentManifest.KIND, m.id(), m.toJson());
        nextSeq++;
        committed = m.position();
        lastCommitAt = now;
        lastSegmentAt = now;
        segmentRequired = false;
        fresh = false;
        object = null;
        events = 0;
        first = null;
        last = null;
        firstWall = null;
        lastWall = null;
        return m;
    }

    /** Records that everything received before the catch-up request {@code nonce} is committed ({@link CatchUp}). */
    public void acknowledge(String nonce) {
        guard.run();
        repo.putRecord(CatchUp.record(database), CatchUp.acknowledgement(database, nonce, nextSeq - 1, clock.instant()));
    }

    private void write(BsonDocument doc) {
        try {
            if (object == null) {
                object = repo.newObject("segments/" + database + "/");
            }
            BasicOutputBuffer buf = new BasicOutputBuffer();
            new BsonDocumentCodec().encode(new BsonBinaryWriter(buf), doc, EncoderContext.builder().build());
            object.write(buf.toByteArray());
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write change segment of " + database + ": " + e.getMessage(), e);
        }
    }

    /** Discards an uncommitted object (it stays as ignorable debris at worst). */
    @Override
    public void close() {
        if (object != null) {
            try {
                object.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            object = null;
        }
    }

    static int readInt(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
