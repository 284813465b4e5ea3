package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The content hash is a sum of per-document values, independent of order: XXH64-based modulo 2^128 in
 * manifest format 2, SHA-256-based modulo 2^256 in format 1. Each is checked against its definition
 * computed independently (BigInteger sums; SHA-256 from the JDK; XXH64 against its published values and
 * against zstd's frame checksum, which is XXH64's low 32 bits).
 */
class ContentHashTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void format2EqualsItsDefinitionAndIgnoresOrder(long seed) {
        List<byte[]> docs = documents(seed);
        BigInteger sum = BigInteger.ZERO;
        for (byte[] d : docs) {
            BigInteger high = new BigInteger(Long.toUnsignedString(Xxh64.hash(d, 0, d.length, 0)));
            BigInteger low = new BigInteger(Long.toUnsignedString(Xxh64.hash(d, 0, d.length, ContentHash.SEED_2)));
            sum = sum.add(high.shiftLeft(64).add(low));
        }
        String expected = String.format("%032x", sum.mod(BigInteger.ONE.shiftLeft(128)));
        assertOrderIndependent(2, docs, expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void format1EqualsItsDefinitionAndIgnoresOrder(long seed) throws Exception {
        List<byte[]> docs = documents(seed);
        BigInteger sum = BigInteger.ZERO;
        for (byte[] d : docs) {
            sum = sum.add(new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(d)));
        }
        String expected = String.format("%064x", sum.mod(BigInteger.ONE.shiftLeft(256)));
        assertOrderIndependent(1, docs, expected);
    }

    @Test
    void emptyCollectionsHashToZerosAndTheWriterUsesTheNewestFormat() {
        assertThat(ContentHash.forFormat(1).hex()).isEqualTo("0".repeat(64));
        assertThat(ContentHash.forFormat(2).hex()).isEqualTo("0".repeat(32));
        assertThat(ContentHash.current().hex()).isEqualTo(ContentHash.forFormat(SnapshotManifest.FORMAT).hex()).hasSize(32);
    }

    @Test
    void sumsCarryAcrossTheLowHalf() {
        // enough documents that the low 64 bits overflow many times: compare with the BigInteger sum
        byte[] d = "a document".getBytes(StandardCharsets.US_ASCII);
        ContentHash h = ContentHash.forFormat(2);
        BigInteger one = new BigInteger(Long.toUnsignedString(Xxh64.hash(d, 0, d.length, 0))).shiftLeft(64)
                .add(new BigInteger(Long.toUnsignedString(Xxh64.hash(d, 0, d.length, ContentHash.SEED_2))));
        for (int i = 0; i < 1000; i++) {
            h.add(d, 0, d.length);
        }
        assertThat(h.hex()).isEqualTo(String.format("%032x", one.multiply(BigInteger.valueOf(1000)).mod(BigInteger.ONE.shiftLeft(128))));
    }

    @Test
    void xxh64GivesItsPublishedValues() {
        assertThat(xxh("", 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(xxh("a", 0)).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(xxh("abc", 0)).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(xxh("xxhash", 0)).isEqualTo(0x32DD38952C4BC720L);
        assertThat(xxh("xxhash", 20141025)).isEqualTo(0xB559B98D844E0635L);
    }

    @Test
    void xxh64AgreesWithZstdsFrameChecksumAtEveryLengthAndOffset() throws Exception {
        Random r = new Random(7);
        byte[] buffer = new byte[700];
        r.nextBytes(buffer);
        for (int length = 0; length <= 300; length++) {
            int offset = r.nextInt(buffer.length - length + 1);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(frame)) {
                z.setChecksum(true);
                z.write(buffer, offset, length);
            }
            byte[] f = frame.toByteArray();
            int checksum = ByteBuffer.wrap(f, f.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            assertThat((int) Xxh64.hash(buffer, offset, length, 0)).as("length %d at offset %d", length, offset)
                    .isEqualTo(checksum);
        }
    }

    private static long xxh(String s, long seed) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Xxh64.hash(b, 0, b.length, seed);
    }

    private static List<byte[]> documents(long seed) {
        Random r = new Random(seed);
        List<byte[]> docs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] d = new byte[r.nextInt(120) + 5];
            r.nextBytes(d);
            docs.add(d);
        }
        docs.add(docs.get(0)); // a duplicate must count twice
        return docs;
    }

    private static void assertOrderIndependent(int format, List<byte[]> docs, String expected) {
        ContentHash h = ContentHash.forFormat(format);
        docs.forEach(d -> h.add(d, 0, d.length));
        List<byte[]> shuffled = new ArrayList<>(docs);
        Collections.shuffle(shuffled, new Random(format));
        ContentHash again = ContentHash.forFormat(format);
        shuffled.forEach(d -> again.add(d, 0, d.length));
        assertThat(h.hex()).isEqualTo(expected).isEqualTo(again.hex());
        assertThat(h.documents()).isEqualTo(docs.size());
        ContentHash missing = ContentHash.forFormat(format);
        docs.subList(1, docs.size()).forEach(d -> missing.add(d, 0, d.length));
        assertThat(missing.hex()).isNotEqualTo(expected);
        byte[] changed = docs.get(5).clone();
        changed[changed.length - 1] ^= 1;
        ContentHash altered = ContentHash.forFormat(format);
        for (int i = 0; i < docs.size(); i++) {
            byte[] d = i == 5 ? changed : docs.get(i);
            altered.add(d, 0, d.length);
        }
        assertThat(altered.hex()).isNotEqualTo(expected);
    }
}
