package dev.prodguard.bench;

import java.util.List;

/**
 * Heap reports of one untimed pass over one dataset (drain, snapshot, raw insert, restore). The snapshot
 * phase may run several times ({@code snapshotPeaks}, the peak live heap above baseline of each run):
 * {@code snapshot} is the run with the highest peak.
 */
record HeapPass(HeapSampler.HeapReport drain, HeapSampler.HeapReport snapshot, List<Long> snapshotPeaks,
        HeapSampler.HeapReport rawInsert, HeapSampler.HeapReport restore) {}
