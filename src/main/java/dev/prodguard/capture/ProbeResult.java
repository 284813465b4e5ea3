package dev.prodguard.capture;

import java.time.Duration;

/**
 * What {@link CaptureProbe} found: the path capture will use and why, whether the server's events
 * need the embedded-server adapter, whether expanded events can be requested, how long the sentinel
 * write took to be observed on the chosen path (null when none observed it), and whether the stream
 * reported an index change the probe made ({@code indexEvents}: otherwise capture observes indexes by
 * listing them, see {@link SchemaWatch}).
 */
public record ProbeResult(CapturePath path, String reason, boolean embeddedShapes, boolean expandedEvents, Duration lag,
        boolean indexEvents) {
    /** A result whose index events are as expanded events say (no index probe ran). */
    public ProbeResult(CapturePath path, String reason, boolean embeddedShapes, boolean expandedEvents, Duration lag) {
        this(path, reason, embeddedShapes, expandedEvents, lag, expandedEvents);
    }
}
