package dev.prodguard.checklist;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.gate.Gate;
import dev.prodguard.gate.GateFacts;
import dev.prodguard.gate.GateResult;
import dev.prodguard.gate.Violation;
import java.util.List;

/** {@code prodguard gate} passes: the environment fence would let the application start. */
final class GateItem extends BaseItem {
    GateItem() {
        super("gate", "Environment fence passes (prodguard gate)", 3, Stage.PRE_LIVE, Stage.POST_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        Settings s = ctx.settings();
        GateFacts facts = GateFacts.offline(s.production(), s.mongo(), s.dbName(), s.bool(ConfigKey.ALLOW_NO_TLS));
        GateResult result = new Gate(ctx.clock(), ctx.hostName()).check(facts, ctx.timeoutMs());
        List<String> notes = result.violations().stream().map(Violation::line).toList();
        if (result.failure().isPresent()) {
            return ItemResult.fail(this, "gate could not check the database: " + result.failure().get().getMessage(),
                    "run 'prodguard doctor' to see which layer fails").withNotes(notes);
        }
        if (!result.violations().isEmpty()) {
            Violation first = result.violations().get(0);
            return ItemResult.fail(this, result.violations().size() + " violation(s): "
                    + String.join(", ", result.ruleIds()), first.message()
                    + (result.violations().size() > 1 ? "; all: prodguard gate" : "")).withNotes(notes);
        }
        return ItemResult.pass(this, result.configured().wireName() + " configuration, database '" + result.database()
                + "'" + result.marker().map(m -> " marked " + m.describe()).orElse(" (unmarked)"));
    }
}
