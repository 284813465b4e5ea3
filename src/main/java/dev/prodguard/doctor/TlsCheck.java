package dev.prodguard.doctor;

import dev.prodguard.connect.Bounded;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

/**
 * The TLS layer: a TLS handshake with every reachable host. When a handshake fails without a
 * certificate problem, a plaintext MongoDB probe tells "this server does not speak TLS" apart from
 * "something dropped the connection".
 */
final class TlsCheck {
    /** Why a handshake failed. */
    enum Failure {
        PLAINTEXT(Remedies.TLS_PLAINTEXT),
        CLOSED(Remedies.TLS_CLOSED),
        UNTRUSTED(Remedies.TLS_UNTRUSTED),
        HOSTNAME(Remedies.TLS_HOSTNAME);

        final String remedy;

        Failure(String remedy) {
            this.remedy = remedy;
        }
    }

    private record HostResult(Endpoint endpoint, Check check, Failure failure) {}

    /** The layer's result and the endpoints that completed the handshake. */
    record Outcome(LayerResult result, List<Endpoint> secured) {}

    private final Connector connector;
    private final int timeoutMs;

    TlsCheck(Connector connector, int timeoutMs) {
        this.connector = connector;
        this.timeoutMs = timeoutMs;
    }

    Outcome run(List<Endpoint> endpoints) throws Exception {
        long start = System.nanoTime();
        List<Callable<HostResult>> tasks = new ArrayList<>();
        for (Endpoint e : endpoints) {
            tasks.add(() -> handshake(e));
        }
        List<HostResult> results = Bounded.all(tasks, 3L * timeoutMs + 5000, (i, e) -> new HostResult(endpoints.get(i),
                Check.fail(endpoints.get(i).toString(), "no TLS answer in time", -1), Failure.CLOSED));
        List<Check> items = results.stream().map(HostResult::check).toList();
        List<Endpoint> secured = results.stream().filter(r -> r.failure() == null).map(HostResult::endpoint).toList();
        long millis = Doctor.millisSince(start);
        List<HostResult> failed = results.stream().filter(r -> r.failure() != null).toList();
        if (failed.isEmpty()) {
            String summary = results.size() == 1 ? results.get(0).check().detail()
                    : results.size() + " host(s) completed the TLS handshake";
            return new Outcome(LayerResult.pass(Layer.TLS, summary, millis, items), secured);
        }
        HostResult first = failed.get(0);
        return new Outcome(LayerResult.fail(Layer.TLS, first.endpoint() + ": " + first.check().detail(),
                first.failure().remedy, millis, items), secured);
    }

    private HostResult handshake(Endpoint endpoint) {
        long t = System.nanoTime();
        String name = endpoint.toString();
        try (Socket s = connector.open(endpoint)) {
            SSLSocket ssl = (SSLSocket) s;
            String detail = ssl.getSession().getProtocol() + " with " + subject(ssl);
            return new HostResult(endpoint, Check.pass(name, detail, Doctor.millisSince(t)), null);
        } catch (IOException e) {
            Failure failure = classify(e);
            String detail = switch (failure) {
                case UNTRUSTED -> "certificate not trusted (" + rootMessage(e) + ")";
                case HOSTNAME -> "certificate does not match the host name (" + rootMessage(e) + ")";
                default -> "TLS handshake failed (" + describe(e) + ")";
            };
            if (failure == Failure.CLOSED && speaksPlaintext(endpoint)) {
                failure = Failure.PLAINTEXT;
                detail = "TLS handshake failed (" + describe(e) + "); the server answers plaintext MongoDB:"
                        + " it does not speak TLS";
            }
            return new HostResult(endpoint, Check.fail(name, detail, Doctor.millisSince(t)), failure);
        }
    }

    private String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + timeoutMs + " ms";
        }
        if (WireProbe.closedByPeer(e)) {
            return "the server closed the connection";
        }
        return rootMessage(e);
    }

    /** Whether the server answers a plaintext MongoDB command on a fresh connection. */
    private boolean speaksPlaintext(Endpoint endpoint) {
        try (Socket s = connector.plain().open(endpoint)) {
            BsonDocument reply = WireProbe.command(s, new BsonDocument("isMaster", new BsonInt32(1))
                    .append("$db", new BsonString("admin")));
            return reply.containsKey("ok");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static Failure classify(IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String msg = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (msg.contains("no subject alternative") || msg.contains("no name matching")) {
                return Failure.HOSTNAME;
            }
            if (c instanceof CertificateException || msg.contains("pkix") || msg.contains("certification path")) {
                return Failure.UNTRUSTED;
            }
        }
        return Failure.CLOSED;
    }

    private static String subject(SSLSocket ssl) {
        try {
            if (ssl.getSession().getPeerCertificates()[0] instanceof X509Certificate cert) {
                return "a certificate for " + cert.getSubjectX500Principal().getName();
            }
        } catch (SSLException e) {
            return "no certificate";
        }
        return "a certificate";
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
