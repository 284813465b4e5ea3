package dev.prodguard.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs: bounded memory with a tiny heap, and SIGKILL mid-write leaving only ignorable debris. */
class RepositoryProcessTest {
    @TempDir
    Path dir;

    private static ProcessBuilder worker(List<String> jvmArgs, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(dev.prodguard.testing.Subprocess.classpath()); // without the test libraries (their jars fill a 16 MB heap)
        cmd.add(RepoWorkerMain.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    @Test
    void anObjectTenTimesTheHeapStreamsThroughEncryptionAndVerification() throws Exception {
        int heapMb = 16;
        int dataMb = 10 * heapMb;
        Process p = worker(List.of("-Xmx" + heapMb + "m"), "big", dir.toString(), String.valueOf(dataMb)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ok raw=" + (long) dataMb * 1024 * 1024);
    }

    @Test
    void sigkillMidWriteNeverLeavesAHalfCommittedObjectOrManifest() throws Exception {
        killTrials(3, new Random(42));
    }

    @Test
    @Tag("slow")
    void sigkillTrials() throws Exception {
        killTrials(25, new Random());
    }

    private void killTrials(int trials, Random random) throws Exception {
        ObjectMapper json = new ObjectMapper();
        int lastSeen = -1;
        for (int trial = 0; trial < trials; trial++) {
            Process p = worker(List.of("-Xmx64m"), "loop", dir.toString()).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int commits = 1 + random.nextInt(8);
            for (int i = 0; i < commits; i++) {
                String line = lines.readLine();
                assertThat(line).as("worker output").isNotNull();
            }
            p.destroyForcibly(); // SIGKILL, somewhere in the middle of the next object or manifest
            p.waitFor(30, TimeUnit.SECONDS);

            try (Repository repo = Repository.open(new FileStorage(dir), "process test passphrase".toCharArray())) {
                List<String> ids = repo.listManifests("loop");
                assertThat(ids.size()).isGreaterThan(lastSeen);
                for (String id : ids) {
                    JsonNode m = json.readTree(repo.readManifest("loop", id));
                    repo.verifyObject(new ObjectRef(m.get("key").asText(), m.get("sha256").asText(),
                            m.get("storedBytes").asLong(), m.get("rawBytes").asLong()));
                }
                lastSeen = ids.size();
                for (String key : repo.storage().list("")) {
                    assertThat(key).doesNotContain(FileStorage.TEMP_PREFIX);
                }
            }
        }
        try (var files = Files.walk(dir)) {
            long debris = files.filter(f -> f.getFileName().toString().startsWith(FileStorage.TEMP_PREFIX)).count();
            assertThat(debris).isLessThanOrEqualTo(trials); // at most one interrupted write per kill
        }
    }
}
