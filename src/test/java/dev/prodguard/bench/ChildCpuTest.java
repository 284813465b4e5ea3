package dev.prodguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The finished children's CPU time from /proc/self/stat: parsed past any command name, and a busy child shows. */
class ChildCpuTest {
    @Test
    void cutimeAndCstimeAreReadPastACommandNameWithSpacesAndParentheses() {
        // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 200 0 0 57 13 250 40 20 0 30 0 12345 0 0";
        assertThat(ChildCpu.parse(stat)).isEqualTo((250 + 40) * 10);
        assertThat(ChildCpu.between(100, 350)).isEqualTo(250);
        assertThat(ChildCpu.between(-1, 350)).isEqualTo(-1);
    }

    @Test
    void aBusyChildsCpuTimeIsCounted() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "no /proc (not Linux)");
        long before = ChildCpu.millis();
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
        assertThat(p.waitFor()).isZero();
        long used = ChildCpu.between(before, ChildCpu.millis());
        assertThat(used).as("a shell counting to 300,000 uses CPU").isPositive();
    }
}
