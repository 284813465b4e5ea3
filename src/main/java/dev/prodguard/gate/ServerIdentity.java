package dev.prodguard.gate;

/**
 * Whether the server is prodguard's embedded stand-in (mongo-java-server) or a real MongoDB, and
 * the evidence for that judgement in words a user can check.
 */
public record ServerIdentity(boolean embedded, String version, String evidence) {}
