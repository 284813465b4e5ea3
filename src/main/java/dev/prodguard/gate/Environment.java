package dev.prodguard.gate;

import java.util.Locale;

/** Which kind of deployment a database belongs to, as recorded in its environment marker. */
public enum Environment {
    PRODUCTION,
    PREVIEW;

    /** The value stored in the marker document ("production", "preview"). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The environment a configuration is, from its PRODUCTION flag. */
    public static Environment ofProductionFlag(boolean production) {
        return production ? PRODUCTION : PREVIEW;
    }
}
