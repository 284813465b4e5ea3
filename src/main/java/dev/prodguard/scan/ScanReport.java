package dev.prodguard.scan;

import java.util.List;

/**
 * The result of a scan: every finding, split into new ones and those accepted by the baseline.
 *
 * @param findings every finding, ordered by file and line
 * @param newFindings the findings whose fingerprint is not in the baseline
 * @param stats what was scanned and skipped
 */
public record ScanReport(List<Finding> findings, List<Finding> newFindings, ScanStats stats) {
    /** True when nothing new was found. */
    public boolean clean() {
        return newFindings.isEmpty();
    }
}
