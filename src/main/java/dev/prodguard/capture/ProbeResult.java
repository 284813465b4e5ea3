package dev.prodguard.capture;

import java.time.Duration;

/**
 * What {@link CaptureProbe} found: the path capture will use and why, whether the server's events
 * need the embedded-server adapter, whether expanded events are available, and how long the
 * sentinel write took to be observed on the chosen path (null when none observed it).
 */
public record ProbeResult(CapturePath path, String reason, boolean embeddedShapes, boolean expandedEvents, Duration lag) {}
