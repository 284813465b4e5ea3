package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one-ahead hand-off keeps order, passes the producer's failure on as it was, and stops a producer left behind. */
class HandOffTest {
    @Test
    void everyItemArrivesInOrderThenTheEnd() {
        List<Integer> got = new ArrayList<>();
        try (HandOff<Integer> h = new HandOff<>("t", emit -> {
            for (int i = 0; i < 10_000; i++) {
                emit.emit(i);
            }
        })) {
            Integer i;
            while ((i = h.next()) != null) {
                got.add(i);
            }
            assertThat(h.next()).isNull();
        }
        assertThat(got).hasSize(10_000);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
    }

    @Test
    void theProducersFailureReachesTheConsumerAfterWhatCameBefore() {
        IllegalStateException boom = new IllegalStateException("server went away");
        try (HandOff<String> h = new HandOff<>("t", emit -> {
            emit.emit("a");
            throw boom;
        })) {
            assertThat(h.next()).isEqualTo("a");
            assertThatThrownBy(h::next).isSameAs(boom);
        }
        try (HandOff<String> h = new HandOff<>("t", emit -> {
            throw new IOException("disk");
        })) {
            assertThatThrownBy(h::next).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("disk");
        }
    }

    @Test
    void closingEarlyStopsAProducerWaitingToHandOver() throws Exception {
        CountDownLatch producerEnded = new CountDownLatch(1);
        AtomicInteger produced = new AtomicInteger();
        HandOff<Integer> h = new HandOff<>("t", emit -> {
            try {
                for (int i = 0; ; i++) { // endless: only closing stops it
                    emit.emit(i);
                    produced.incrementAndGet();
                }
            } finally {
                producerEnded.countDown();
            }
        });
        assertThat(h.next()).isZero();
        h.close();
        assertThat(producerEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(produced.get()).isLessThanOrEqualTo(2); // one item ahead at most, never a runaway
    }
}
