package dev.prodguard.restore;

import dev.prodguard.error.ProdguardException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.bson.BsonTimestamp;

/**
 * Names of incidents in captured history. A wipe is named by the cluster time of its first change
 * ({@code 20261125T104159Z.3}: the UTC second and the increment within it), so {@code restore --to
 * wipe:<id>} stops exactly before that change, and keeps that meaning whatever happens afterwards.
 */
public final class Incidents {
    /** The selector prefix: {@code --to wipe:<id>}. */
    public static final String PREFIX = "wipe:";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Incidents() {}

    /** The id of the incident whose first change has this cluster time. */
    public static String id(BsonTimestamp firstChange) {
        return STAMP.format(Instant.ofEpochSecond(firstChange.getTime())) + "." + firstChange.getInc();
    }

    /**
     * The cluster time an incident id names.
     *
     * @throws ProdguardException USAGE when it is not an incident id
     */
    public static BsonTimestamp parse(String id) {
        int dot = id.lastIndexOf('.');
        try {
            if (dot < 0) {
                throw new DateTimeParseException("no increment", id, 0);
            }
            long seconds = STAMP.parse(id.substring(0, dot), Instant::from).getEpochSecond();
            int inc = Integer.parseInt(id.substring(dot + 1));
            if (inc < 0) {
                throw new NumberFormatException();
            }
            return new BsonTimestamp((int) seconds, inc);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ProdguardException.usage("'" + PREFIX + id + "' does not name an incident; copy the id from the wipe"
                    + " alert, e.g. " + PREFIX + "20261125T104159Z.3");
        }
    }
}
