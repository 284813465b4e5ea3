package dev.prodguard.repo.s3;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The process's S3 clients, one per set of options (a client holds a connection pool and resolves credentials
 * once; commands open the repository several times), all counting on one {@link RequestMeter}.
 */
public final class S3Backend {
    private static final RequestMeter METER = new RequestMeter(Clock.systemUTC());
    private static final Map<ClientKey, S3Client> CLIENTS = new ConcurrentHashMap<>();

    private record ClientKey(S3Options options, int attempts) {}
    /** Attempts per request on a mirror: its writes are best effort and caught up by the mirror sync, never waited for. */
    public static final int MIRROR_ATTEMPTS = 3;

    private S3Backend() {}

    /** The storage at {@code location} with {@code options}. */
    public static S3Storage storage(S3Location location, S3Options options) {
        return storage(location, options, S3Clients.MAX_ATTEMPTS);
    }

    /** The storage at {@code location} through a client that tries each request {@code attempts} times. */
    public static S3Storage storage(S3Location location, S3Options options, int attempts) {
        S3Client client = CLIENTS.computeIfAbsent(new ClientKey(options, attempts),
                k -> S3Clients.build(options, METER, attempts, java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60)));
        return new S3Storage(client, location, options, METER, Clock.systemUTC());
    }

    /**
     * The same bucket through a client that tries each request once and waits at most {@code timeout} (doctor: a
     * diagnosis must answer within the connect timeout, not after half a minute of retries).
     */
    public static S3Storage forDiagnosis(S3Storage storage, java.time.Duration timeout) {
        S3Client once = S3Clients.build(storage.options(), METER, 1, timeout, timeout.multipliedBy(2));
        return new S3Storage(once, storage.location(), storage.options(), METER, Clock.systemUTC());
    }

    /** What this process sent to object storage. */
    public static RequestMeter meter() {
        return METER;
    }
}
