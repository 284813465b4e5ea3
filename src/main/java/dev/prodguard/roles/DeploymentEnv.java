package dev.prodguard.roles;

import java.util.Locale;

/** The environments that get their own users: production and preview never share credentials. */
public enum DeploymentEnv {
    PRODUCTION, PREVIEW;

    /** The lower-case id used in user and role names ({@code production}, {@code preview}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
