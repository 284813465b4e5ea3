package dev.prodguard.gate;

/**
 * One broken gate rule: the rule's stable id (e.g. {@code host-loopback}) and a one-line message
 * saying what was seen and what to do. Never contains a secret.
 */
public record Violation(String rule, String message) {
    /** The line printed for this violation: {@code rule: message}. */
    public String line() {
        return rule + ": " + message;
    }
}
