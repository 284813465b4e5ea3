package dev.prodguard.repo.s3;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Counts every HTTP request the S3 client sends (each retry too: providers bill attempts) and the bytes sent
 * and received, in hourly buckets kept for a day, so {@code status} can say what the repository cost lately; and
 * whether the store answers: an attempt that got no answer (refused, reset, timed out) or a 5xx answer starts a
 * failing stretch, the next answer below 500 ends it ({@link #health}). Costs no request of its own.
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

    private static final ExecutionAttribute<Boolean> IN_FLIGHT = new ExecutionAttribute<>("prodguard.inFlight");

    private final Clock clock;
    private final TreeMap<Instant, Usage> hours = new TreeMap<>();
    private volatile UsageLog log;
    private final Map<String, BucketHealth> health = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the requests to one bucket saw lately. */
    private static final class BucketHealth {
        volatile Instant lastOk;
        volatile Instant failingSince;
        volatile String lastError;
    }

    private BucketHealth of(software.amazon.awssdk.core.SdkRequest request) {
        String bucket = request.getValueForField("Bucket", String.class).orElse("");
        return health.computeIfAbsent(bucket, b -> new BucketHealth());
    }

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
        if (Boolean.TRUE.equals(attributes.getAttribute(IN_FLIGHT))) { // the previous attempt got no answer
            failed(of(context.request()), "no answer to a " + req.method() + " request (the SDK is retrying)");
        }
        attributes.putAttribute(IN_FLIGHT, true);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.httpResponse().isEmpty() || context.httpResponse().get().statusCode() >= 500) {
            Throwable e = context.exception();
            failed(of(context.request()), e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).split("\n")[0]);
        }
    }

    private void failed(BucketHealth h, String why) {
        h.lastError = why;
        if (h.failingSince == null) {
            h.failingSince = clock.instant();
        }
    }

    /** A bucket's health as this process's requests saw it, named {@code target} for messages. */
    public dev.prodguard.repo.Storage.TargetHealth health(String bucket, String target) {
        BucketHealth h = health.computeIfAbsent(bucket, b -> new BucketHealth());
        return new dev.prodguard.repo.Storage.TargetHealth(target, h.failingSince, h.lastError, h.lastOk);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(IN_FLIGHT, false);
        int status = context.httpResponse().statusCode();
        BucketHealth h = of(context.request());
        if (status >= 500) {
            failed(h, "HTTP " + status);
        } else {
            h.lastOk = clock.instant();
            h.failingSince = null;
        }
        long received = context.httpResponse().firstMatchingHeader("Content-Length").map(RequestMeter::parse).orElse(0L);
        if (received > 0) {
            add(new Usage(0, 0, 0, received));
        }
    }

    /** Adds usage to the current hour (also for tests and for counting outside the SDK). */
    public void add(Usage u) {
        Instant now = clock.instant();
        synchronized (this) {
            Instant hour = now.truncatedTo(ChronoUnit.HOURS);
            hours.merge(hour, u, Usage::plus);
            hours.headMap(hour.minus(25, ChronoUnit.HOURS)).clear();
        }
        UsageLog l = log;
        if (l != null) {
            l.maybeFlush(now);
        }
    }

    /** Writes this process's usage to its state-directory log now (status does before it adds the logs up). */
    public void flushLog() {
        UsageLog l = log;
        if (l != null) {
            l.flush();
        }
    }

    /** Keeps this process's usage in {@code stateDir} as well (for {@code status}), from now on and at exit. */
    public synchronized void logTo(java.nio.file.Path stateDir) {
        if (stateDir == null || (log != null && log.dir().equals(stateDir))) {
            return;
        }
        if (log == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                UsageLog l = log;
                if (l != null) {
                    l.flush();
                }
            }, "prodguard-usage-log"));
        }
        log = new UsageLog(this, stateDir);
        log.flush();
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
