package dev.prodguard.capture;

import java.util.List;

/**
 * Events read in one poll, in cluster-time order, and the position after them. The position may move
 * on with no events (an idle stream still advances), so a restorable window stays current.
 */
public record ChangeBatch(List<ChangeEvent> events, CapturePosition position) {
    public ChangeBatch {
        events = List.copyOf(events);
    }
}
