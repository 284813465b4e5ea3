package dev.prodguard.repo;

import static dev.prodguard.repo.RepositoryRoundTripTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the Python reader printed in docs/repository-format.md against repositories written by
 * prodguard: the documented format is the real one. Skipped where python3 with the
 * {@code cryptography} package or the {@code zstd} command is missing.
 */
class RepositoryFormatDocTest {
    // not ASCII, to pin that the passphrase is UTF-8 encoded for the key derivation
    private static final String PASSPHRASE = "corrêct hörse – battery";

    @TempDir
    Path dir;

    private static Path docs() {
        return Path.of("docs/repository-format.md");
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private Path extractReader() throws Exception {
        String md = Files.readString(docs());
        int start = md.lastIndexOf("```python\n");
        assertThat(start).as("python block in the format document").isPositive();
        int end = md.indexOf("```", start + 10);
        Path script = dir.resolve("read_repo.py");
        Files.writeString(script, md.substring(start + 10, end));
        return script;
    }

    /** Runs the reader's main() once per call, all in one Python process (interpreters start slowly). */
    private List<byte[]> python(Path script, Path repo, boolean encrypted, List<List<String>> calls) throws Exception {
        Path driver = dir.resolve("driver.py");
        Files.writeString(driver, String.join("\n",
                "import io, json, sys",
                "sys.path.insert(0, sys.argv[1])",
                "import read_repo",
                "for i, args in enumerate(json.loads(sys.argv[3])):",
                "    real = sys.stdout",
                "    with open('%s/out-%d' % (sys.argv[1], i), 'wb') as f:",
                "        sys.stdout = io.TextIOWrapper(f, encoding='utf-8')",
                "        read_repo.main(sys.argv[2], *args)",
                "        sys.stdout.flush()",
                "        sys.stdout.detach()",
                "    sys.stdout = real",
                ""));
        StringBuilder json = new StringBuilder("[");
        for (List<String> call : calls) {
            json.append(json.length() > 1 ? "," : "").append('[');
            for (int i = 0; i < call.size(); i++) {
                json.append(i > 0 ? "," : "").append('"').append(call.get(i)).append('"');
            }
            json.append(']');
        }
        json.append(']');
        ProcessBuilder pb = new ProcessBuilder("python3", driver.toString(), script.getParent().toString(),
                repo.toString(), json.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("PRODGUARD_REPO_KEY");
        if (encrypted) {
            env.put("PRODGUARD_REPO_KEY", PASSPHRASE);
        }
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python reader failed: " + output).isZero();
        List<byte[]> outs = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            outs.add(Files.readAllBytes(script.getParent().resolve("out-" + i)));
        }
        return outs;
    }

    @ParameterizedTest(name = "key derivation: {0}")
    @ValueSource(strings = {"none", "PBKDF2", "Argon2id"})
    void thePythonReaderInTheDocumentReadsWhatProdguardWrote(String kdf) throws Exception {
        boolean encrypted = !kdf.equals("none");
        Repository.CreateOptions options = kdf.equals("Argon2id") // format version 2, a small but real Argon2id
                ? new Repository.CreateOptions(3, RepositoryRoundTripTest.SMALL.chunkSize(), 2, 64)
                : RepositoryRoundTripTest.SMALL;
        assumeTrue(Files.exists(docs()), "run from the project root");
        assumeTrue(runs("python3", "-c", "import cryptography"), "python3 with cryptography");
        assumeTrue(runs("zstd", "--version"), "zstd command");
        Path script = extractReader();
        Path repoDir = dir.resolve("repo");
        byte[] small = "{\"_id\": 1}".getBytes(StandardCharsets.UTF_8);
        byte[] multiChunk = randomBytes(4096 * 4 + 7, 21);
        byte[] exactChunks = randomBytes(4096 * 3 - 40, 22); // compressed size near a chunk multiple
        byte[] manifest = "{\"snapshot\":\"s1\",\"ünïcode\":true}".getBytes(StandardCharsets.UTF_8);
        List<ObjectRef> refs = new ArrayList<>();
        try (Repository repo = Repository.openOrCreate(new FileStorage(repoDir),
                encrypted ? PASSPHRASE.toCharArray() : null, options)) {
            for (byte[] b : new byte[][] {new byte[0], small, multiChunk, exactChunks}) {
                refs.add(RepositoryRoundTripTest.write(repo, b));
            }
            repo.writeManifest("snapshot", "20261125T100000Z", manifest);
            repo.writeManifest("snapshot", "20261125T090000Z", manifest);
        }
        List<List<String>> calls = new ArrayList<>();
        calls.add(List.of("list", "snapshot"));
        calls.add(List.of("manifest", "snapshot", "20261125T100000Z"));
        for (ObjectRef ref : refs) {
            calls.add(List.of("object", ref.key(), ref.sha256()));
        }
        List<byte[]> outs = python(script, repoDir, encrypted, calls);
        assertThat(new String(outs.get(0), StandardCharsets.UTF_8)).isEqualTo("20261125T090000Z\n20261125T100000Z\n");
        assertThat(outs.get(1)).isEqualTo(manifest);
        byte[][] expected = {new byte[0], small, multiChunk, exactChunks};
        for (int i = 0; i < refs.size(); i++) {
            assertThat(outs.get(2 + i)).as(refs.get(i).key()).isEqualTo(expected[i]);
        }
    }
}
