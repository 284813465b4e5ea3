package dev.prodguard.checklist;

import java.util.Locale;

/** Which of the guide's two deployment checklists to run: before or after going live. */
public enum Stage {
    /** The guide's "Before Going Live" list. */
    PRE_LIVE,
    /** The guide's "After Going Live" list. */
    POST_LIVE;

    /** The name on the command line and in JSON: {@code pre-live} or {@code post-live}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code pre-live} / {@code post-live} (case-insensitive; '_' accepted for '-'). */
    public static Stage parse(String s) {
        for (Stage st : values()) {
            if (st.wireName().equalsIgnoreCase(s.replace('_', '-'))) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + s + "' (expected pre-live or post-live)");
    }
}
