package dev.prodguard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time this process's finished children used: on Linux the {@code cutime} and {@code cstime} of
 * {@code /proc/self/stat} (user and system time of every child that ended and was waited for; the JVM waits for
 * every child it starts). Read before a child starts and after it ends, the difference is that child's CPU time
 * as long as no other child ends meanwhile, which holds for the harness's processes (one at a time).
 */
final class ChildCpu {
    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    static final long TICKS_PER_SECOND = 100;

    private ChildCpu() {}

    /** The finished children's CPU time in ms, or -1 where /proc/self/stat cannot be read (not Linux). */
    static long millis() {
        try {
            return parse(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** cutime + cstime of one /proc/[pid]/stat line, in ms. The command name may hold spaces and parentheses. */
    static long parse(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state); cutime and cstime are fields 16 and 17
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 1000 / TICKS_PER_SECOND;
    }

    /** The CPU time between two readings, or -1 when either is unknown. */
    static long between(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
