package dev.prodguard.demo;

import dev.prodguard.text.Instants;
import dev.prodguard.verify.Invariant;
import dev.prodguard.web.dashboard.DemoControls;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The demo's part of the dashboard: the live exchange on the overview, the "simulate a preview reset" button
 * (the same drop as {@code prodguard demo wipe}, traffic paused first) and the books check after an undo (read
 * while the traffic holds between transfers, as {@code demo books} does).
 */
final class DemoDashboard implements DemoControls {
    private static final Duration HOLD_WAIT = Duration.ofSeconds(5);

    private final DemoRuntime rt;

    DemoDashboard(DemoRuntime rt) {
        this.rt = rt;
    }

    @Override
    public List<String> exchange() {
        DemoTraffic t = rt.traffic();
        return List.of(t.committedCount() + " balanced transfers committed since the demo started",
                t.paused() ? "traffic is paused (after a simulated reset it stays paused: restart the demo for fresh traffic)"
                        : "traffic: about " + DemoRuntime.TRAFFIC_PER_SECOND + " transfers a second, running");
    }

    @Override
    public String simulateReset() {
        DemoWipe.Result r = DemoWipe.run(rt.dir());
        return "dropped " + DemoStory.DB + " (" + r.dropped().size() + " collections) at " + Instants.human(r.at()) + ", after "
                + r.transfersBefore() + " transfers";
    }

    @Override
    public Books books() {
        try {
            DemoBooks.Report r = DemoTraffic.whileHeld(rt.dir(), HOLD_WAIT, () -> DemoBooks.check(rt.database(),
                    Invariant.parse(rt.settings().section("invariants"))));
            return new Books(r.ok(), r.lines());
        } catch (IOException e) {
            return new Books(false, List.of("cannot talk to the demo's traffic through " + rt.dir() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Books(false, List.of("interrupted while the traffic held"));
        }
    }
}
