package dev.prodguard.monitor;

import java.time.Duration;

/** Name, period and probe result shared by the samplers. */
abstract class BaseSampler implements Sampler {
    private final String name;
    private final Duration period;
    protected volatile Capability capability = Capability.UNKNOWN;

    BaseSampler(String name, Duration period) {
        this.name = name;
        this.period = period;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration period() {
        return period;
    }

    @Override
    public final Capability capability() {
        return capability;
    }

    @Override
    public void reprobe() {
        capability = Capability.UNKNOWN;
    }
}
