package dev.prodguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/prodguard.service is correct as shipped: {@code systemd-analyze verify} accepts it (where systemd is installed;
 * skipped elsewhere, e.g. a container without systemd, saying so), and its install comment runs as written, in
 * order, in a scratch root (users, systemctl and curl left out: they change the machine).
 */
class SystemdUnitTest {
    static final Path UNIT = Path.of("docs/prodguard.service");

    @TempDir
    Path dir;

    private static String run(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + "\n" + out;
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        boolean available = Files.isExecutable(Path.of("/usr/bin/systemd-analyze")) || Files.isExecutable(Path.of("/bin/systemd-analyze"));
        Assumptions.assumeTrue(available, "systemd-analyze is not installed on this machine (no systemd): the unit is"
                + " checked by the install test only");
        Path unit = dir.resolve("prodguard.service");
        Files.copy(UNIT, unit);
        String result = run(dir, "systemd-analyze", "verify", unit.toString());
        assertThat(result).as(result).startsWith("0\n");
        assertThat(result.lines().filter(l -> l.contains("prodguard.service"))).as(result).isEmpty();
    }

    @Test
    void theInstallCommentRunsAsWritten() throws Exception {
        List<String> commands = new ArrayList<>();
        boolean inInstall = false;
        for (String line : Files.readAllLines(UNIT)) {
            if (line.startsWith("# Install")) {
                inInstall = true;
            } else if (inInstall && line.startsWith("#   ")) {
                commands.add(line.substring(4).strip());
            } else if (inInstall && !line.startsWith("#   ")) {
                if (!commands.isEmpty() && !line.startsWith("# Then") && !line.startsWith("# PRODGUARD_REPO")) {
                    break;
                }
            }
        }
        assertThat(commands).anyMatch(c -> c.contains("/etc/prodguard/prodguard.env"));
        Path root = dir.resolve("root");
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("target"));
        Files.createDirectories(project.resolve("docs"));
        Files.writeString(project.resolve("target/prodguard.jar"), "jar");
        for (String doc : List.of("deploy.md", "guardian.md", "prodguard.service")) {
            Files.copy(Path.of("docs", doc), project.resolve("docs").resolve(doc));
        }
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (String c : commands) {
            if (c.startsWith("useradd") || c.startsWith("systemctl") || c.startsWith("curl")) {
                continue; // change the machine: not run here
            }
            script.append(c.replaceAll("(?<=\\s)/(etc|opt|var)/", root + "/$1/")).append('\n');
        }
        // the directories a real system already has
        for (String d : List.of("etc/systemd/system", "opt", "var/lib")) {
            Files.createDirectories(root.resolve(d));
        }
        String result = run(project, "bash", "-c", script.toString());
        assertThat(result).as(script + "\n" + result).startsWith("0\n");
        Path env = root.resolve("etc/prodguard/prodguard.env");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env.getParent()))).isEqualTo("rwx------");
        assertThat(root.resolve("opt/prodguard/prodguard.jar")).exists();
        assertThat(root.resolve("etc/systemd/system/prodguard.service")).hasSameTextualContentAs(UNIT);
    }
}
