package dev.prodguard.checklist;

import java.util.EnumSet;
import java.util.Set;

/** Holds an item's id, title, stages and wait budget; subclasses implement {@link #run}. */
abstract class BaseItem implements CheckItem {
    private final String id;
    private final String title;
    private final Set<Stage> stages;
    private final int waits;

    BaseItem(String id, String title, int waits, Stage first, Stage... rest) {
        this.id = id;
        this.title = title;
        this.waits = waits;
        this.stages = EnumSet.of(first, rest);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Set<Stage> stages() {
        return stages;
    }

    @Override
    public final int waits() {
        return waits;
    }
}
