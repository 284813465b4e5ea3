package dev.prodguard.guardian;

import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the change segments capture commits to the repository, in sequence order, and feeds their
 * events on. Reading only committed segments means anything the guardian reports about has already
 * been made restorable. Reads the next expected manifest by id, so a poll costs one read however long
 * the history is; a missing or damaged manifest is skipped after a listing shows newer ones, and
 * reported as a hole ({@link #holes()}): the history is not continuous there.
 */
final class SegmentTail {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentTail.class);
    private static final Duration RELIST = Duration.ofSeconds(5);
    /** How many ids after the missing segment's one look asks for (one S3 page). */
    private static final int NEWER_LISTED = 1000;

    private final Repository repo;
    private final String db;
    private final Clock clock;
    private long nextSeq;
    private Instant stuckSince;
    private volatile SegmentManifest last;
    private final java.util.List<String> holes = new java.util.ArrayList<>();

    private SegmentTail(Repository repo, String db, Clock clock, long nextSeq) {
        this.repo = repo;
        this.db = db;
        this.clock = clock;
        this.nextSeq = nextSeq;
    }

    /** A tail that starts after the newest segment committed so far (older history is not re-examined). */
    static SegmentTail fromNow(Repository repo, String db, Clock clock) {
        SegmentManifest newest = SegmentReader.newest(repo, db);
        SegmentTail t = new SegmentTail(repo, db, clock, newest == null ? 1 : newest.seq() + 1);
        t.last = newest;
        return t;
    }

    /** Feeds the events of every segment committed since the last poll; returns how many segments were read. */
    int poll(Consumer<ChangeEvent> sink) {
        int n = 0;
        while (true) {
            SegmentManifest m = readNext();
            if (m == null) {
                return n;
            }
            try {
                SegmentReader.read(repo, m, sink);
            } catch (ProdguardException e) {
                if (e.code() != dev.prodguard.error.ErrorCode.REPOSITORY) {
                    throw e;
                }
                LOG.warn("change segment {} cannot be read ({}); the captured history has a hole there", m.id(),
                        Secrets.scrub(String.valueOf(e.getMessage())));
                synchronized (holes) {
                    holes.add("the data of change segment " + m.id());
                }
            }
            last = m;
            nextSeq = m.seq() + 1;
            stuckSince = null;
            n++;
        }
    }

    /** The newest segment read so far (null before any). */
    SegmentManifest last() {
        return last;
    }

    private SegmentManifest readNext() {
        try {
            return SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, SegmentManifest.id(db, nextSeq)));
        } catch (ProdguardException e) {
            Instant now = clock.instant();
            if (stuckSince == null) {
                stuckSince = now;
            } else if (!now.isBefore(stuckSince.plus(relistEvery()))) {
                stuckSince = now;
                skipIfNewerExist(e);
            }
            return null;
        }
    }

    /**
     * How long the next segment may be missing before the segments are listed to look for newer ones: an idle database
     * is "stuck" all the time, so on object storage (where a listing is billed per 1,000 keys) only every 60 polls.
     */
    private Duration relistEvery() {
        Duration billed = repo.storage().pollEvery().multipliedBy(60);
        return billed.compareTo(RELIST) > 0 ? billed : RELIST;
    }

    /**
     * A segment that cannot be read while newer ones exist is skipped (missing or damaged) and reported as a hole.
     * Lists only what sorts after it: an idle database is "stuck" all the time, and the history before it can be
     * hundreds of thousands of manifests (on S3 a request per 1,000 at every look).
     */
    private void skipIfNewerExist(ProdguardException e) {
        for (String id : repo.listManifestsAfter(SegmentManifest.KIND, db + "-", SegmentManifest.id(db, nextSeq), NEWER_LISTED)) {
            long seq = SegmentReader.seq(id);
            if (db.equals(SegmentReader.database(id)) && seq > nextSeq) {
                String missing = seq - nextSeq == 1 ? "change segment " + SegmentManifest.id(db, nextSeq)
                        : "change segments " + SegmentManifest.id(db, nextSeq) + " to " + SegmentManifest.id(db, seq - 1);
                LOG.warn("{} cannot be read ({}); the captured history has a hole there; continuing with {}", missing,
                        Secrets.scrub(String.valueOf(e.getMessage())), id);
                synchronized (holes) {
                    holes.add(missing);
                }
                nextSeq = seq;
                return;
            }
        }
    }

    /** The holes found since the last call (which segments are missing or unreadable), oldest first. */
    java.util.List<String> holes() {
        synchronized (holes) {
            java.util.List<String> out = java.util.List.copyOf(holes);
            holes.clear();
            return out;
        }
    }
}
