package dev.prodguard.scan;

import java.time.LocalDate;

/**
 * One reported problem: where it is (file and line; for history, the commit that first added it)
 * and the secret only in masked form plus a fingerprint. Never holds the secret itself.
 *
 * @param rule what was found
 * @param file path relative to the scanned directory, with '/' separators
 * @param line 1-based line, 0 when the finding is about a whole file
 * @param commit short id of the earliest commit that holds it, null when only in the working tree
 * @param commitDate that commit's date (UTC), null with {@code commit}
 * @param inWorkingTree whether the current files hold it
 * @param masked the secret's first two characters and {@code ****}, or "-" for file-level rules
 * @param fingerprint SHA-256 of rule, file and secret (see {@link Masking#fingerprint})
 */
public record Finding(Rule rule, String file, int line, String commit, LocalDate commitDate,
        boolean inWorkingTree, String masked, String fingerprint) {

    /** Where to look: "file:line", then "(working tree)" and/or "(history: abc1234 2026-01-02)". */
    public String location() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (inWorkingTree) {
            sb.append(" (working tree)");
        }
        if (commit != null) {
            sb.append(" (history: ").append(commit).append(' ').append(commitDate).append(')');
        }
        return sb.toString();
    }

    /** The same finding, also seen in history at the given commit (kept when earlier than a known one). */
    Finding withHistory(String commitId, LocalDate date) {
        if (commit != null) {
            return this;
        }
        return new Finding(rule, file, line, commitId, date, inWorkingTree, masked, fingerprint);
    }

    /** The same finding, also present in the working tree at the given line. */
    Finding withWorkingTree(int workingLine) {
        return new Finding(rule, file, workingLine, commit, commitDate, true, masked, fingerprint);
    }
}
