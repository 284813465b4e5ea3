package dev.prodguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * How socket failures map to "refused", "timed out" and "unreachable", with the exceptions and
 * messages the JDK throws on Linux (refused is also shown over a real socket in DoctorTest).
 */
class TcpClassifyTest {
    @Test
    void refused() {
        assertThat(TcpCheck.classify(new ConnectException("Connection refused"))).isEqualTo(TcpCheck.Failure.REFUSED);
    }

    @Test
    void timeouts() {
        assertThat(TcpCheck.classify(new SocketTimeoutException("Connect timed out"))).isEqualTo(TcpCheck.Failure.TIMEOUT);
        assertThat(TcpCheck.classify(new ConnectException("Connection timed out"))).isEqualTo(TcpCheck.Failure.TIMEOUT);
    }

    @Test
    void unreachable() {
        assertThat(TcpCheck.classify(new NoRouteToHostException("No route to host"))).isEqualTo(TcpCheck.Failure.UNREACHABLE);
        assertThat(TcpCheck.classify(new SocketException("Network is unreachable"))).isEqualTo(TcpCheck.Failure.UNREACHABLE);
        assertThat(TcpCheck.classify(new ConnectException("Network is unreachable (connect failed)")))
                .isEqualTo(TcpCheck.Failure.UNREACHABLE);
    }

    @Test
    void eachKindHasItsRemedy() {
        assertThat(TcpCheck.Failure.REFUSED.remedy).contains("not paused");
        assertThat(TcpCheck.Failure.TIMEOUT.remedy).contains("Network Access whitelist", "0.0.0.0/0");
        assertThat(TcpCheck.Failure.UNREACHABLE.remedy).contains("No route");
    }
}
