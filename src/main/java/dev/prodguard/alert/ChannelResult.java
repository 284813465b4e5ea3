package dev.prodguard.alert;

import java.time.Duration;

/**
 * The outcome of a test notification through one channel.
 *
 * @param channel the channel's name (never a secret)
 * @param ok whether it was delivered
 * @param error why not, scrubbed; null when ok
 * @param took how long the attempt took
 */
public record ChannelResult(String channel, boolean ok, String error, Duration took) {}
