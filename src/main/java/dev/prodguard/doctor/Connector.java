package dev.prodguard.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens sockets to one endpoint the way the driver would: plain, or TLS with the JVM's trust store,
 * server name indication and host-name verification (unless the URI allows invalid host names).
 */
final class Connector {
    private final int timeoutMs;
    private final boolean tls;
    private final boolean verifyHostName;
    private final SSLSocketFactory factory;

    /** When {@code tls}, loads the JVM's trust store now, so that its cost never counts against a host's timeout. */
    Connector(int timeoutMs, boolean tls, boolean verifyHostName) {
        this.timeoutMs = timeoutMs;
        this.tls = tls;
        this.verifyHostName = verifyHostName;
        this.factory = tls ? (SSLSocketFactory) SSLSocketFactory.getDefault() : null;
    }

    /** The same connector without TLS (to find out whether a server speaks plaintext). */
    Connector plain() {
        return new Connector(timeoutMs, false, false);
    }

    boolean tls() {
        return tls;
    }

    /** A connected socket, its TLS handshake done when TLS is on; reads time out after the timeout. */
    Socket open(Endpoint endpoint) throws IOException {
        IOException last = new IOException("no address for " + endpoint);
        for (InetAddress address : endpoint.addresses()) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, endpoint.port()), timeoutMs);
                socket.setSoTimeout(timeoutMs);
                return tls ? handshake(socket, endpoint) : socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last;
    }

    private SSLSocket handshake(Socket socket, Endpoint endpoint) throws IOException {
        SSLSocket ssl = (SSLSocket) factory.createSocket(socket, endpoint.host(), endpoint.port(), true);
        try {
            if (verifyHostName) {
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
            }
            ssl.setSoTimeout(timeoutMs);
            ssl.startHandshake();
            return ssl;
        } catch (IOException e) {
            ssl.close();
            throw e;
        }
    }
}
