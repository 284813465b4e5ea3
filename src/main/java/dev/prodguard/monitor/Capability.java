package dev.prodguard.monitor;

import java.util.Locale;

/**
 * What a sampler can read on this server, decided by probing once: UNKNOWN before the probe,
 * AVAILABLE (with the source used, e.g. {@code serverStatus.connections}, and an optional note)
 * or NOT_AVAILABLE (with the reason, reported once and never retried every minute).
 */
public record Capability(State state, String source, String note) {
    /** Probe outcome. */
    public enum State {
        UNKNOWN,
        AVAILABLE,
        NOT_AVAILABLE;

        /** Lower-case name for JSON ("not_available"). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Not probed yet. */
    public static final Capability UNKNOWN = new Capability(State.UNKNOWN, "", "not probed yet");

    /** Available from {@code source}; {@code note} may be empty. */
    public static Capability available(String source, String note) {
        return new Capability(State.AVAILABLE, source, note == null ? "" : note);
    }

    /** Not available on this server, for {@code reason}. */
    public static Capability notAvailable(String reason) {
        return new Capability(State.NOT_AVAILABLE, "", reason);
    }

    /** True when the sampler can run. */
    public boolean usable() {
        return state != State.NOT_AVAILABLE;
    }

    /** One line for logs, /health and the dashboard. */
    public String describe() {
        return switch (state) {
            case UNKNOWN -> "not probed yet";
            case AVAILABLE -> "available from " + source + (note.isEmpty() ? "" : " (" + note + ")");
            case NOT_AVAILABLE -> "not available on this server: " + note;
        };
    }
}
