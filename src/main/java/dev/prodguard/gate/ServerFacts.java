package dev.prodguard.gate;

import java.util.Optional;

/**
 * What the reached database reported: which kind of server it is, and the environment marker
 * stored in its {@code prodguard_meta} collection, if any.
 */
public record ServerFacts(ServerIdentity identity, Optional<EnvironmentMarker.Marker> marker) {}
