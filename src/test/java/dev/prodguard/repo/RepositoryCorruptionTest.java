package dev.prodguard.repo;

import static dev.prodguard.repo.RepositoryRoundTripTest.CHUNK;
import static dev.prodguard.repo.RepositoryRoundTripTest.randomBytes;
import static dev.prodguard.repo.RepositoryRoundTripTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One flipped byte, a truncation or a deletion in any stored item is detected and named. The damage is done
 * through the storage's own writes, so the same cases run on every backend ({@code S3RepositoryCorruptionTest}).
 */
class RepositoryCorruptionTest {
    @TempDir
    Path dir;

    /** The storage under test; the filesystem here. */
    protected Storage storage;

    protected Storage newStorage() {
        return new FileStorage(dir);
    }

    @org.junit.jupiter.api.BeforeEach
    void openStorage() {
        storage = newStorage();
    }

    private Repository create(boolean encrypted) {
        return Repository.openOrCreate(storage, encrypted ? "correct horse battery".toCharArray() : null,
                RepositoryRoundTripTest.SMALL);
    }

    private byte[] read(String key) throws Exception {
        try (InputStream in = storage.get(key)) {
            return in.readAllBytes();
        }
    }

    private static void assertDamaged(ThrowingCallable call, String key) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY);
            assertThat(e.getMessage()).contains(key);
        });
    }

    private static void readFully(Repository repo, ObjectRef ref) throws Exception {
        try (InputStream in = repo.openObject(ref)) {
            in.readAllBytes();
        }
    }

    /** How many flips at random places each case adds to the fixed ones (a remote store: fewer round trips). */
    protected int randomFlips() {
        return 5;
    }

    /** Every kind of damage, applied to a fresh copy of a stored object each time. */
    private List<String> damages(long size, long seed) {
        List<String> d = new ArrayList<>();
        Random r = new Random(seed);
        d.add("flip:0");
        d.add("flip:" + (size - 1));
        d.add("flip:" + (size / 2));
        for (int i = 0; i < randomFlips(); i++) {
            d.add("flip:" + (long) (r.nextDouble() * size));
        }
        d.add("truncate:" + (size - 1));
        d.add("truncate:" + (size / 2));
        d.add("truncate:0");
        d.add("append:1");
        d.add("delete");
        return d;
    }

    private void apply(String key, String damage) throws Exception {
        String[] f = damage.split(":");
        byte[] b = read(key);
        switch (f[0]) {
            case "flip" -> {
                int at = Integer.parseInt(f[1]);
                b[at] ^= (byte) (1 << (at % 8));
                storage.overwrite(key, b);
            }
            case "truncate" -> storage.overwrite(key, Arrays.copyOf(b, Integer.parseInt(f[1])));
            case "append" -> storage.overwrite(key, Arrays.copyOf(b, b.length + 1));
            case "delete" -> storage.delete(key);
            default -> throw new IllegalArgumentException(damage);
        }
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void everyDamageToADataObjectIsNamed(boolean encrypted) throws Exception {
        Repository repo = create(encrypted);
        byte[][] samples = {new byte[0], "x".getBytes(StandardCharsets.UTF_8), randomBytes(CHUNK * 4 + 100, 9)};
        for (byte[] sample : samples) {
            ObjectRef ref = write(repo, sample);
            String file = ref.key();
            byte[] good = read(file);
            for (String damage : damages(good.length, sample.length)) {
                storage.overwrite(file, good);
                apply(file, damage);
                if (storage.exists(file) && Arrays.equals(read(file), good)) {
                    continue;
                }
                assertDamaged(() -> repo.verifyObject(ref), ref.key());
                assertDamaged(() -> readFully(repo, ref), ref.key());
            }
            storage.overwrite(file, good);
            repo.verifyObject(ref);
        }
    }

    @ParameterizedTest(name = "encrypted={0}")
    @ValueSource(booleans = {false, true})
    void everyDamageToAManifestOrRecordIsNamed(boolean encrypted) throws Exception {
        Repository repo = create(encrypted);
        byte[] json = ("{\"snapshot\":\"s1\",\"objects\":[" + "\"x\",".repeat(3000) + "\"y\"]}")
                .getBytes(StandardCharsets.UTF_8);
        repo.writeManifest("snapshot", "s1", json);
        repo.putRecord("verify/last", json);
        for (String key : List.of("manifests/snapshot/s1.manifest", "records/verify/last.record")) {
            String file = key;
            byte[] good = read(file);
            ThrowingCallable read = key.startsWith("manifests")
                    ? () -> repo.readManifest("snapshot", "s1")
                    : () -> assertThat(repo.getRecord("verify/last")).isNotNull();
            for (String damage : damages(good.length, 7)) {
                storage.overwrite(file, good);
                apply(file, damage);
                if (damage.equals("delete") && key.startsWith("records")) {
                    assertThat(repo.getRecord("verify/last")).isNull(); // a record may be absent
                    continue;
                }
                assertDamaged(read, key);
            }
            storage.overwrite(file, good);
        }
        assertThat(repo.readManifest("snapshot", "s1")).isEqualTo(json);
        assertThat(repo.getRecord("verify/last")).isEqualTo(json);
    }

    @ParameterizedTest(name = "damage={0}")
    @ValueSource(strings = {"swap", "drop-middle", "drop-last", "duplicate"})
    void chunkFramingDetectsReorderingAndRemovalEvenWithAMatchingHash(String damage) throws Exception {
        // An attacker who can also rewrite the manifest's hash still cannot reorder, drop or repeat chunks.
        Repository repo = create(true);
        ObjectRef ref = write(repo, randomBytes(CHUNK * 4 + 10, 11));
        String file = ref.key();
        byte[] b = read(file);
        int h = ChunkedGcm.HEADER_BYTES;
        int c = CHUNK + ChunkedGcm.TAG_BYTES;
        byte[] header = Arrays.copyOf(b, h);
        List<byte[]> chunks = new ArrayList<>();
        for (int off = h; off < b.length; off += c) {
            chunks.add(Arrays.copyOfRange(b, off, Math.min(b.length, off + c)));
        }
        assertThat(chunks).hasSizeGreaterThan(3);
        switch (damage) {
            case "swap" -> chunks.add(0, chunks.remove(1));
            case "drop-middle" -> chunks.remove(2);
            case "drop-last" -> chunks.remove(chunks.size() - 1);
            case "duplicate" -> chunks.add(1, chunks.get(1));
            default -> throw new IllegalArgumentException(damage);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(header);
        for (byte[] chunk : chunks) {
            out.write(chunk);
        }
        byte[] tampered = out.toByteArray();
        storage.overwrite(file, tampered);
        ObjectRef forged = new ObjectRef(ref.key(), HashingStreams.hex(HashingStreams.sha256().digest(tampered)),
                tampered.length, ref.rawBytes());
        assertThatThrownBy(() -> readFully(repo, forged)).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REPOSITORY);
            assertThat(e.getMessage()).contains(ref.key()).contains("authentication");
        });
    }

    @Test
    void anObjectCopiedOverAnotherIsRejectedByItsBoundKey() throws Exception {
        Repository repo = create(true);
        ObjectRef a = write(repo, randomBytes(5000, 1));
        ObjectRef b = write(repo, randomBytes(5000, 2));
        byte[] bBytes = read(b.key());
        storage.overwrite(a.key(), bBytes);
        ObjectRef forged = new ObjectRef(a.key(), b.sha256(), b.storedBytes(), b.rawBytes());
        assertDamaged(() -> readFully(repo, forged), a.key());
    }

    @Test
    void openObjectNeverReturnsEndOfStreamForADamagedObject() throws Exception {
        // a reader that stops at -1 must have got an exception first, whatever its buffer sizes
        Repository repo = create(false);
        ObjectRef ref = write(repo, randomBytes(100_000, 5));
        String file = ref.key();
        byte[] b = read(file);
        storage.overwrite(file, Arrays.copyOf(b, b.length - 3));
        InputStream in = repo.openObject(ref);
        assertDamaged(() -> {
            while (in.read() >= 0) {
                // byte by byte
            }
        }, ref.key());
    }
}
