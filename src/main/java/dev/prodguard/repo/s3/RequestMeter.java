package dev.prodguard.repo.s3;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Counts every HTTP request the S3 client sends (each retry too: providers bill attempts) and the bytes sent
 * and received, in hourly buckets kept for a day, so {@code status} can say what the repository cost lately.
 */
public final class RequestMeter implements ExecutionInterceptor {
    /** Requests and bytes over a period; {@code writes} are PUT/POST/DELETE (the billed-higher class), {@code reads} GET/HEAD. */
    public record Usage(long writes, long reads, long bytesSent, long bytesReceived) {
        public static final Usage NONE = new Usage(0, 0, 0, 0);

        /** The sum of two periods. */
        public Usage plus(Usage o) {
            return new Usage(writes + o.writes, reads + o.reads, bytesSent + o.bytesSent, bytesReceived + o.bytesReceived);
        }

        /** All requests. */
        public long requests() {
            return writes + reads;
        }
    }

    private final Clock clock;
    private final TreeMap<Instant, Usage> hours = new TreeMap<>();

    public RequestMeter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        var req = context.httpRequest();
        long sent = req.firstMatchingHeader("Content-Length").map(RequestMeter::parse).orElse(0L);
        boolean write = req.method() == SdkHttpMethod.PUT || req.method() == SdkHttpMethod.POST
                || req.method() == SdkHttpMethod.DELETE;
        add(new Usage(write ? 1 : 0, write ? 0 : 1, sent, 0));
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        long received = context.httpResponse().firstMatchingHeader("Content-Length").map(RequestMeter::parse).orElse(0L);
        if (received > 0) {
            add(new Usage(0, 0, 0, received));
        }
    }

    /** Adds usage to the current hour (also for tests and for counting outside the SDK). */
    public synchronized void add(Usage u) {
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        hours.merge(hour, u, Usage::plus);
        hours.headMap(hour.minus(25, ChronoUnit.HOURS)).clear();
    }

    /** Usage since {@code since} (whole hours: the hour containing {@code since} counts). */
    public synchronized Usage since(Instant since) {
        Usage total = Usage.NONE;
        for (Map.Entry<Instant, Usage> e : hours.tailMap(since.truncatedTo(ChronoUnit.HOURS), true).entrySet()) {
            total = total.plus(e.getValue());
        }
        return total;
    }

    /** Usage of the last 24 hours. */
    public Usage lastDay() {
        return since(clock.instant().minus(24, ChronoUnit.HOURS));
    }

    /** The hourly buckets (for the state file that lets other processes see this one's usage). */
    public synchronized Map<Instant, Usage> hours() {
        return new TreeMap<>(hours);
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
