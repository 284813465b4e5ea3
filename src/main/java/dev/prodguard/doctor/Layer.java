package dev.prodguard.doctor;

/** The layers of the diagnosis, in the order a connection goes through them. */
public enum Layer {
    /** Settings other than the URI (DB_NAME, PRODUCTION, ...); shown only when one of them is wrong. */
    CONFIG("config", "configuration"),
    URI("uri", "URI syntax"),
    DNS("dns", "DNS"),
    TCP("tcp", "TCP"),
    TLS("tls", "TLS handshake"),
    HANDSHAKE("handshake", "server handshake"),
    AUTH("auth", "authentication"),
    PRIVILEGES("privileges", "privileges"),
    TEST("test", "connection test"),
    /** The backup repository's storage, checked whatever the database layers found. */
    REPOSITORY("repository", "backup repository");

    private final String id;
    private final String title;

    Layer(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The stable identifier used in JSON output. */
    public String id() {
        return id;
    }

    /** The name shown to people. */
    public String title() {
        return title;
    }
}
