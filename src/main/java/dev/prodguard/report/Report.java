package dev.prodguard.report;

import dev.prodguard.report.GrowthFit.Point;
import java.time.Instant;
import java.util.List;

/**
 * One maintenance report, the model both {@link ReportHtml} and {@link ReportJson} render (so the HTML file and the
 * JSON carry the same content; docs/reports.md documents the JSON). Every section has a {@link Source}: where its data
 * came from, the window it covers, and why it is not available when the server cannot tell.
 *
 * @param format the JSON format's version (fields are only ever added)
 */
public record Report(int format, String period, Instant generatedAt, Instant from, Instant to, String database,
        String tier, Growth growth, SlowOps slowOps, Connections connections, Indexes indexes, Collections collections,
        Users users, Backup backup, List<Task> maintenance, CapacityAdvice capacity, Transfer transfer) {
    /** The JSON format's version. */
    public static final int FORMAT = 1;

    /**
     * Where a section's data came from and the window it covers; {@code unavailable} is null when the data is there,
     * else the sentence saying why not (e.g. "not available on this server: $indexStats ...").
     */
    public record Source(String from, Instant windowFrom, Instant windowTo, String unavailable) {
        static Source of(String from, Instant windowFrom, Instant windowTo) {
            return new Source(from, windowFrom, windowTo, null);
        }

        static Source missing(String from, Instant windowFrom, Instant windowTo, String why) {
            return new Source(from, windowFrom, windowTo, why);
        }

        /** Whether the data is there. */
        public boolean available() {
            return unavailable == null;
        }
    }

    /** The database's size over the window and each collection's, largest first. */
    public record Growth(Source source, List<Point> database, long databaseNow, long databaseAtStart,
            List<CollectionGrowth> collections) {}

    /** One collection: documents and sizes now and at the window's start, and a thinned history for a sparkline. */
    public record CollectionGrowth(String name, long documents, long sizeBytes, long sizeAtStart, long storageBytes,
            long indexBytes, List<Point> history) {}

    /**
     * Slow operations: grouped by shape from the profiler ({@code shapes}), and what the guardian's monitor counted
     * ({@code slowops.count}, {@code slowops.max_ms}).
     */
    public record SlowOps(Source profiler, List<SlowShapes.Shape> shapes, Source monitor, long seen, long slowestMillis,
            List<Point> series) {}

    /** Connections in use against the limit. */
    public record Connections(Source source, Double peak, Double limit, Double peakShare, List<Point> series) {}

    /** The index review: redundant prefixes, unused indexes, collection scans, each with its own source. */
    public record Indexes(Source listIndexes, List<IndexReview.Redundant> redundant, Source indexStats,
            List<IndexReview.Unused> unused, Source scans, List<IndexReview.Scans> collectionScans) {}

    /** Empty collections and collections nothing used in the window. */
    public record Collections(Source source, List<String> empty, List<UnusedCollection> unused) {}

    /** A collection with no counted use: why it is listed. */
    public record UnusedCollection(String name, String why) {}

    /** Users and their roles (from the server), and password ages (only changes prodguard recorded). */
    public record Users(Source server, List<User> users, Source ages, List<PasswordAge> passwordAges) {}

    /** A database user and its roles ({@code role@db}); never a credential. */
    public record User(String user, String db, List<String> roles) {}

    /** A recorded password change and its age against the 90-day rotation. */
    public record PasswordAge(String user, Instant setAt, long days, boolean overdue) {}

    /** Backup health: snapshots, restorable windows and gaps, the restore test, the repository's size and growth. */
    public record Backup(Source source, int snapshotsInWindow, int snapshotsTotal, String newestSnapshot,
            Instant newestAt, List<Window> windows, int gapsInWindow, String restoreTest, Instant restoreTestAt,
            Boolean restoreTestOk, long storedBytes, long storedAtStart, List<Point> storedHistory, String space) {}

    /** A restorable window or a gap overlapping the report's window. */
    public record Window(String kind, String from, String to) {}

    /** One of the guide's maintenance tasks for this period: who does it and what to do. */
    public record Task(String period, String title, boolean needsPerson, String whatToDo) {}

    /** The weekly transfer cap against what prodguard and the application move. */
    public record Transfer(Source source, long capBytes, long prodguardBytes, Long applicationBytes, Double prodguardShare,
            boolean warning, String sentence, String suggestion) {}
}
