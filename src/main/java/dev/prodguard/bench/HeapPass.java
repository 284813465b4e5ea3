package dev.prodguard.bench;

/** Heap reports of one untimed pass over one dataset (drain, snapshot, raw insert, restore). */
record HeapPass(HeapSampler.HeapReport drain, HeapSampler.HeapReport snapshot, HeapSampler.HeapReport rawInsert,
        HeapSampler.HeapReport restore) {}
