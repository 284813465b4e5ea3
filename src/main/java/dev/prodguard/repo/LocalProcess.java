package dev.prodguard.repo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process as other prodguard processes see it (host name and pid), and whether a recorded process is gone. */
public final class LocalProcess {
    private static volatile String host;

    private LocalProcess() {}

    /** This machine's host name, for lock holders and restore markers: $HOSTNAME, /etc/hostname, else the resolver's. */
    public static String host() {
        String h = host;
        if (h == null) {
            h = System.getenv("HOSTNAME");
            if (h == null || h.isBlank()) {
                try {
                    h = Files.readString(Path.of("/etc/hostname")).trim();
                } catch (IOException | RuntimeException e) {
                    h = "";
                }
            }
            if (h.isBlank()) {
                try {
                    h = InetAddress.getLocalHost().getHostName();
                } catch (IOException e) {
                    h = "unknown-host";
                }
            }
            host = h;
        }
        return h;
    }

    /** This process's id. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** Whether {@code pid} on {@code recordedHost} is a process of this host that no longer exists (so it cannot clean up). */
    public static boolean deadOnThisHost(String recordedHost, long pid) {
        if (!host().equals(recordedHost) || pid <= 0 || pid == pid()) {
            return false;
        }
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
}
