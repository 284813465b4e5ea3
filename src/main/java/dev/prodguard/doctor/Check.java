package dev.prodguard.doctor;

/**
 * One item inside a layer: a host, a record, a privilege or a step of the connection test.
 *
 * @param name what was checked (e.g. "127.0.0.1:27017", "write")
 * @param status its outcome
 * @param detail what was seen, one line
 * @param millis how long it took, or -1 when not timed
 */
public record Check(String name, Status status, String detail, long millis) {
    /** A passed item. */
    public static Check pass(String name, String detail, long millis) {
        return new Check(name, Status.PASS, detail, millis);
    }

    /** A failed item. */
    public static Check fail(String name, String detail, long millis) {
        return new Check(name, Status.FAIL, detail, millis);
    }
}
