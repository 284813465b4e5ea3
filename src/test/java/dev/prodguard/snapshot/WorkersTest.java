package dev.prodguard.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Shared workers: at most N of a job's tasks at once, results in task order, failures as thrown, cancel per job. */
class WorkersTest {
    @Test
    void runsEveryTaskWithAtMostParallelismAtOnceAndKeepsTheirOrder() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            tasks.add(() -> {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                for (long spin = System.nanoTime(); System.nanoTime() - spin < 1_000_000; ) {
                    Thread.onSpinWait(); // hold the slot a moment so that overlaps can happen
                }
                now.decrementAndGet();
                return n;
            });
        }
        List<Integer> out = Workers.run(tasks, 3, "t").awaitAll();
        assertThat(out).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(out.get(i)).isEqualTo(i);
        }
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void aFailureIsRethrownAsItWas() {
        IllegalStateException boom = new IllegalStateException("collection vanished");
        List<Callable<Integer>> tasks = List.of(() -> 1, () -> {
            throw boom;
        });
        assertThatThrownBy(() -> Workers.run(tasks, 2, "t").awaitAll()).isSameAs(boom);
    }

    @Test
    void cancelStopsQueuedTasksInterruptsRunningOnesAndLeavesOtherJobsAlone() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger ranLater = new AtomicInteger();
        List<Callable<Integer>> tasks = new ArrayList<>();
        tasks.add(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // a task stuck in I/O: only an interrupt ends it
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
            return 0;
        });
        for (int i = 0; i < 5; i++) {
            tasks.add(() -> ranLater.incrementAndGet());
        }
        Workers.Group<Integer> g = Workers.run(tasks, 1, "t");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        g.cancel(10);
        assertThat(interrupted.get()).isEqualTo(1);
        assertThat(ranLater.get()).isZero();
        assertThat(g.futures().subList(1, 6)).allMatch(f -> f.isCancelled());

        // the shared threads serve the next job uninterrupted
        List<Callable<Boolean>> next = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            next.add(() -> Thread.currentThread().isInterrupted());
        }
        assertThat(Workers.run(next, 4, "t2").awaitAll()).containsOnly(false);
    }
}
