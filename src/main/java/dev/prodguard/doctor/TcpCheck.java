package dev.prodguard.doctor;

import dev.prodguard.connect.Bounded;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The TCP layer: a plain socket connect to every host, in parallel, with the configured timeout,
 * telling "connection refused" (nothing listens) from "timeout" (a firewall or whitelist drops the
 * packets) from "unreachable" (no route).
 */
final class TcpCheck {
    /** Why a connect failed, each with its remedy. */
    enum Failure {
        REFUSED("connection refused", Remedies.REFUSED),
        TIMEOUT("timed out", Remedies.TCP_TIMEOUT),
        UNREACHABLE("network unreachable", Remedies.UNREACHABLE),
        OTHER("failed", Remedies.UNREACHABLE);

        final String words;
        final String remedy;

        Failure(String words, String remedy) {
            this.words = words;
            this.remedy = remedy;
        }
    }

    /** One host's outcome: the check line, and the failure kind when it failed. */
    record HostResult(Endpoint endpoint, Check check, Failure failure) {}

    /** The layer's result and the endpoints that accepted a connection. */
    record Outcome(LayerResult result, List<Endpoint> reachable) {}

    private final int timeoutMs;

    TcpCheck(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    Outcome run(List<Endpoint> endpoints) throws Exception {
        long start = System.nanoTime();
        List<Callable<HostResult>> tasks = new ArrayList<>();
        for (Endpoint e : endpoints) {
            tasks.add(() -> connect(e));
        }
        List<HostResult> results = Bounded.all(tasks, timeoutMs * (long) maxAddresses(endpoints) + 2000,
                (i, e) -> new HostResult(endpoints.get(i),
                        Check.fail(endpoints.get(i).toString(), "timed out", timeoutMs), Failure.TIMEOUT));
        List<Check> items = results.stream().map(HostResult::check).toList();
        List<Endpoint> reachable = results.stream().filter(r -> r.failure() == null).map(HostResult::endpoint).toList();
        long millis = Doctor.millisSince(start);
        List<HostResult> failed = results.stream().filter(r -> r.failure() != null).toList();
        if (failed.isEmpty()) {
            return new Outcome(LayerResult.pass(Layer.TCP, describeAll(results, "open"), millis, items), reachable);
        }
        HostResult first = failed.get(0);
        String summary = failed.size() == 1 && results.size() == 1
                ? first.endpoint() + ": " + first.failure().words
                : failed.size() + " of " + results.size() + " host(s) not reachable; " + first.endpoint() + ": "
                        + first.failure().words;
        return new Outcome(LayerResult.fail(Layer.TCP, summary, first.failure().remedy, millis, items), reachable);
    }

    private static int maxAddresses(List<Endpoint> endpoints) {
        return endpoints.stream().mapToInt(e -> Math.max(1, e.addresses().size())).max().orElse(1);
    }

    private static String describeAll(List<HostResult> results, String word) {
        return results.size() == 1 ? results.get(0).endpoint() + " " + word : results.size() + " host(s) " + word;
    }

    /** Tries each address of the host in turn; the first that accepts wins, else the last failure counts. */
    private HostResult connect(Endpoint endpoint) {
        long t = System.nanoTime();
        Failure failure = Failure.OTHER;
        String detail = "no address";
        for (InetAddress address : endpoint.addresses()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, endpoint.port()), timeoutMs);
                return new HostResult(endpoint, Check.pass(endpoint.toString(),
                        "open (" + address.getHostAddress() + ")", Doctor.millisSince(t)), null);
            } catch (Exception e) {
                failure = classify(e);
                detail = failure.words + " (" + address.getHostAddress() + ":" + endpoint.port()
                        + (failure == Failure.TIMEOUT ? ", no answer within " + timeoutMs + " ms" : "")
                        + (failure == Failure.OTHER ? ", " + e.getMessage() : "") + ")";
            }
        }
        return new HostResult(endpoint, Check.fail(endpoint.toString(), detail, Doctor.millisSince(t)), failure);
    }

    static Failure classify(Exception e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException) {
            return Failure.TIMEOUT;
        }
        if (e instanceof NoRouteToHostException || msg.contains("unreachable") || msg.contains("no route")) {
            return Failure.UNREACHABLE;
        }
        if (e instanceof ConnectException && msg.contains("refused")) {
            return Failure.REFUSED;
        }
        if (e instanceof ConnectException && msg.contains("timed out")) {
            return Failure.TIMEOUT;
        }
        if (e instanceof SocketException && msg.contains("refused")) {
            return Failure.REFUSED;
        }
        return Failure.OTHER;
    }
}
