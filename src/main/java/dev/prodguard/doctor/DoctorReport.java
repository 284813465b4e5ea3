package dev.prodguard.doctor;

import dev.prodguard.connect.UserData;
import dev.prodguard.error.ErrorCode;
import java.util.List;
import java.util.Optional;

/**
 * Everything one doctor run found: the target (user and hosts, never the password), the database, each layer in order,
 * the total time, and what the database holds ({@code contents}, null when the connection test did not pass; an empty
 * database is a warning, not a failure). Holds no secret: every string in it is safe to print.
 */
public record DoctorReport(String target, String database, int timeoutMs, List<LayerResult> layers, long totalMillis,
        UserData.Contents contents) {
    public DoctorReport {
        layers = List.copyOf(layers);
    }

    /** A report without the database's contents (it was not reached). */
    public DoctorReport(String target, String database, int timeoutMs, List<LayerResult> layers, long totalMillis) {
        this(target, database, timeoutMs, layers, totalMillis, null);
    }

    /** The same report with one more layer at the end (the repository's, which the database layers do not gate). */
    public DoctorReport with(LayerResult layer) {
        List<LayerResult> all = new java.util.ArrayList<>(layers);
        all.add(layer);
        return new DoctorReport(target, database, timeoutMs, all, totalMillis, contents);
    }

    /** True when no layer failed or was skipped. */
    public boolean ok() {
        return layers.stream().noneMatch(l -> l.status() == Status.FAIL || l.status() == Status.SKIPPED);
    }

    /** The first failed layer, if any. */
    public Optional<LayerResult> firstFailure() {
        return layers.stream().filter(l -> l.status() == Status.FAIL).findFirst();
    }

    /** The layer's result, if the report has it. */
    public Optional<LayerResult> layer(Layer layer) {
        return layers.stream().filter(l -> l.layer() == layer).findFirst();
    }

    /** OK when everything passed; CONFIG when the configuration stopped everything; CHECK_FAILED otherwise. */
    public ErrorCode exitCode() {
        if (ok()) {
            return ErrorCode.OK;
        }
        LayerResult first = layers.get(0);
        boolean configStop = (first.layer() == Layer.URI || first.layer() == Layer.CONFIG) && first.status() == Status.FAIL;
        return configStop ? ErrorCode.CONFIG : ErrorCode.CHECK_FAILED;
    }
}
