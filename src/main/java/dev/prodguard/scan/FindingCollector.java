package dev.prodguard.scan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers findings from the working tree and the history, merging sightings of the same secret in
 * the same file (same fingerprint) into one finding. Holds fingerprints and masks, never secrets.
 */
final class FindingCollector {
    private final Map<String, Finding> byFingerprint = new LinkedHashMap<>();

    /** A sighting in the current files. */
    void workingTree(Rule rule, String file, int line, String secret) {
        String fp = Masking.fingerprint(rule, file, secret);
        Finding known = byFingerprint.get(fp);
        if (known == null) {
            byFingerprint.put(fp, new Finding(rule, file, line, null, null, true, Masking.mask(secret), fp));
        } else if (!known.inWorkingTree()) {
            byFingerprint.put(fp, known.withWorkingTree(line));
        }
    }

    /** A sighting in a commit; history is walked oldest first, so the first sighting is the earliest commit. */
    void history(Rule rule, String file, int line, String secret, String commit, Instant when) {
        String fp = Masking.fingerprint(rule, file, secret);
        LocalDate date = LocalDate.ofInstant(when, ZoneOffset.UTC);
        Finding known = byFingerprint.get(fp);
        if (known == null) {
            byFingerprint.put(fp, new Finding(rule, file, line, commit, date, false, Masking.mask(secret), fp));
        } else {
            byFingerprint.put(fp, known.withHistory(commit, date));
        }
    }

    /** All findings, ordered by file, then line, then rule. */
    List<Finding> findings() {
        List<Finding> all = new ArrayList<>(byFingerprint.values());
        all.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line)
                .thenComparing(f -> f.rule().id()));
        return all;
    }
}
