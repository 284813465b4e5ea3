package dev.prodguard.monitor;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The database profiler: the {@code profile: -1} reply ({@code was} = level 0 off, 1 slow
 * operations, 2 all; {@code slowms}) and {@code system.profile} entries ({@code op}, {@code ns},
 * {@code millis}, {@code ts}).
 */
public record ProfileReply(int level, long slowMs) {

    /** Parses the reply of {@code {profile: -1}}. */
    public static ProfileReply parse(Document reply) {
        return new ProfileReply((int) Bson.lng(reply, "was", 0), Bson.lng(reply, "slowms", 100));
    }

    /** True when the profiler records slow operations (level 1 or 2). */
    public boolean enabled() {
        return level >= 1;
    }

    /** Profiled operations that took at least {@code minMillis}. */
    public static List<SlowOperation> entries(List<Document> profileDocs, long minMillis) {
        List<SlowOperation> out = new ArrayList<>();
        for (Document e : profileDocs) {
            long millis = Bson.lng(e, "millis", -1);
            if (millis >= minMillis) {
                String ns = Bson.str(e, "ns");
                out.add(new SlowOperation(String.valueOf(e.get("op")), ns == null ? "" : ns, millis, "profiler"));
            }
        }
        return out;
    }

    /** The latest {@code ts} among profile entries, or null. */
    public static Date latest(List<Document> profileDocs) {
        Date max = null;
        for (Document e : profileDocs) {
            Date ts = Bson.date(e, "ts");
            if (ts != null && (max == null || ts.after(max))) {
                max = ts;
            }
        }
        return max;
    }
}
