package dev.prodguard.alert;

import java.time.Instant;

/**
 * Someone said "I am on it" about an alert: who (as they signed in, e.g. "dashboard") and when. It changes
 * nothing about the alert itself, its state or its notifications; it is shown beside it.
 */
public record Acknowledgement(long alertId, String by, Instant at) {}
