package dev.prodguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.config.MongoTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Doctor against real sockets that are not a healthy MongoDB: a web server on the port, a server
 * that never answers, one that hangs up at once. Each must fail at the right layer with its remedy.
 */
class UnusualServersTest {
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    /** What the fake peer does with each accepted connection. */
    interface Behaviour {
        void handle(Socket s) throws IOException;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private int serve(Behaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    behaviour.handle(s);
                } catch (IOException e) {
                    return;
                }
            }
        }, "unusual-server");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static DoctorReport doctor(String uri) throws InterruptedException {
        return new Doctor(500).run(MongoTarget.parse(uri, "MONGO_URL"), "shop");
    }

    @Test
    void aWebServerOnThePortIsNotMongoDb() throws Exception {
        int port = serve(s -> {
            s.getInputStream().read(new byte[1024]);
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.close();
        });

        DoctorReport report = doctor("mongodb://127.0.0.1:" + port + "/");

        LayerResult handshake = report.layer(Layer.HANDSHAKE).orElseThrow();
        assertThat(report.layer(Layer.TCP).orElseThrow().status()).isEqualTo(Status.PASS);
        assertThat(handshake.status()).isEqualTo(Status.FAIL);
        assertThat(handshake.summary()).contains("not as MongoDB");
        assertThat(handshake.remedy()).isEqualTo(Remedies.NOT_MONGODB);
        assertThat(report.layer(Layer.AUTH).orElseThrow().status()).isEqualTo(Status.SKIPPED);
        assertThat(report.exitCode().exitCode()).isEqualTo(1);
    }

    @Test
    void aServerThatNeverAnswersSuggestsTls() throws Exception {
        int port = serve(s -> { /* accept and stay silent */ });

        long start = System.nanoTime();
        DoctorReport report = doctor("mongodb://127.0.0.1:" + port + "/");
        long millis = (System.nanoTime() - start) / 1_000_000;

        LayerResult handshake = report.layer(Layer.HANDSHAKE).orElseThrow();
        assertThat(handshake.status()).isEqualTo(Status.FAIL);
        assertThat(handshake.summary()).contains("no answer within 500 ms");
        assertThat(handshake.remedy()).isEqualTo(Remedies.NEEDS_TLS).contains("tls=true");
        // without a read timeout this would hang for ever; the margin absorbs a loaded build machine
        assertThat(millis).as("bounded by the timeout, took %d ms", millis).isLessThan(20_000);
    }

    @Test
    void aServerThatHangsUpDuringTheTlsHandshakeIsReportedAtTheTlsLayer() throws Exception {
        int port = serve(Socket::close);

        DoctorReport report = doctor("mongodb://127.0.0.1:" + port + "/?tls=true");

        LayerResult tls = report.layer(Layer.TLS).orElseThrow();
        assertThat(tls.status()).isEqualTo(Status.FAIL);
        assertThat(tls.remedy()).isEqualTo(Remedies.TLS_CLOSED);
        assertThat(report.layer(Layer.HANDSHAKE).orElseThrow().status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void aPlaintextServerThatHangsUpWithoutTlsSuggestsTls() throws Exception {
        int port = serve(Socket::close);

        DoctorReport report = doctor("mongodb://127.0.0.1:" + port + "/");

        LayerResult handshake = report.layer(Layer.HANDSHAKE).orElseThrow();
        assertThat(handshake.status()).isEqualTo(Status.FAIL);
        assertThat(handshake.summary()).contains("closed the connection");
        assertThat(handshake.remedy()).isEqualTo(Remedies.NEEDS_TLS);
    }
}
