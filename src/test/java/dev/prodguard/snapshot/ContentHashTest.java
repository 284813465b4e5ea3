package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The content hash is the sum mod 2^256 of per-document SHA-256, independent of order. */
class ContentHashTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void equalsTheDefinitionAndIgnoresOrder(long seed) throws Exception {
        Random r = new Random(seed);
        List<byte[]> docs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] d = new byte[r.nextInt(50) + 5];
            r.nextBytes(d);
            docs.add(d);
        }
        docs.add(docs.get(0)); // a duplicate must count twice
        BigInteger sum = BigInteger.ZERO;
        for (byte[] d : docs) {
            sum = sum.add(new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(d)));
        }
        String expected = String.format("%064x", sum.mod(BigInteger.ONE.shiftLeft(256)));
        ContentHash h = new ContentHash();
        docs.forEach(d -> h.add(d, 0, d.length));
        Collections.shuffle(docs, r);
        ContentHash shuffled = new ContentHash();
        docs.forEach(d -> shuffled.add(d, 0, d.length));
        assertThat(h.hex()).isEqualTo(expected).isEqualTo(shuffled.hex());
        assertThat(h.documents()).isEqualTo(201);
        ContentHash missing = new ContentHash();
        docs.subList(1, docs.size()).forEach(d -> missing.add(d, 0, d.length));
        assertThat(missing.hex()).isNotEqualTo(expected);
    }
}
