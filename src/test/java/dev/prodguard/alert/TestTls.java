package dev.prodguard.alert;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate for 127.0.0.1 (made with the JDK's keytool), handed to GreenMail's SMTPS
 * server, and a client socket factory that trusts exactly it: real TLS with host-name checks.
 */
final class TestTls {
    static final String PASSWORD = "changeit";
    private static Path keystore;

    private TestTls() {}

    /** Creates the keystore once and points GreenMail at it (before its first TLS server starts). */
    static synchronized Path install() {
        if (keystore != null) {
            return keystore;
        }
        try {
            Path dir = Files.createTempDirectory("prodguard-tls");
            Path file = dir.resolve("smtp.p12");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-storetype", "PKCS12",
                    "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            System.setProperty("greenmail.tls.keystore.file", file.toString());
            System.setProperty("greenmail.tls.keystore.password", PASSWORD);
            System.setProperty("greenmail.tls.key.password", PASSWORD);
            keystore = file;
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client socket factory that trusts the test certificate and nothing else. */
    static SSLSocketFactory trustingTestCertificate() {
        try (InputStream in = Files.newInputStream(install())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
