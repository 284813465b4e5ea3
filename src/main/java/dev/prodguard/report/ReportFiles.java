package dev.prodguard.report;

import dev.prodguard.config.PrivateFiles;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where reports are kept: {@code PRODGUARD_STATE_DIR/reports/<period>-<yyyyMMdd-HHmmss>Z.html} and {@code .json}
 * beside it; {@link #keep} deletes the oldest of a period beyond the last N. Files are written whole (a temporary
 * file, then moved into place) with prodguard's file permissions.
 */
public final class ReportFiles {
    /** The directory under the state directory. */
    public static final String DIR = "reports";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ReportFiles() {}

    /** The reports directory of {@code stateDir}. */
    public static Path dir(Path stateDir) {
        return stateDir.resolve(DIR);
    }

    /** The file name (without extension) of a report of {@code period} generated at {@code at}. */
    public static String baseName(String period, Instant at) {
        return period + "-" + STAMP.format(at);
    }

    /** Writes {@code text} to {@code file}, replacing it. @throws ProdguardException STORAGE */
    public static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            PrivateFiles.createDirectories(parent);
            PrivateFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write the report " + file + ": " + e.getMessage()
                    + "; check that the directory is writable and the disk is not full", e);
        }
    }

    /** A saved report: its HTML file and the HTML written there. */
    public record Saved(Path html, String htmlText) {}

    /** Writes both renderings of {@code r} into {@code dir}; returns the HTML file and its text. */
    public static Saved save(Path dir, Report r) {
        String base = baseName(r.period(), r.generatedAt());
        write(dir.resolve(base + ".json"), ReportJson.text(r));
        Path html = dir.resolve(base + ".html");
        String text = ReportHtml.render(r);
        write(html, text);
        return new Saved(html, text);
    }

    /** Whether the newest report of {@code period} in {@code dir} was written on {@code day} (UTC). */
    public static boolean writtenOn(Path dir, String period, java.time.LocalDate day) {
        Path newest = newest(dir, period);
        return newest != null && newest.getFileName().toString()
                .startsWith(period + "-" + day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
    }

    /** Deletes the oldest reports of {@code period} in {@code dir} beyond the newest {@code n}; returns how many files went. */
    public static int keep(Path dir, String period, int n) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<String> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(period + "-") && f.endsWith(".html"))
                    .map(f -> f.substring(0, f.length() - ".html".length())).sorted().forEach(bases::add);
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot list the reports in " + dir + ": " + e.getMessage(), e);
        }
        int deleted = 0;
        for (int i = 0; i < bases.size() - n; i++) {
            for (String ext : List.of(".html", ".json")) {
                try {
                    deleted += Files.deleteIfExists(dir.resolve(bases.get(i) + ext)) ? 1 : 0;
                } catch (IOException e) {
                    throw new ProdguardException(ErrorCode.STORAGE, "cannot delete the old report " + bases.get(i) + ext
                            + ": " + e.getMessage(), e);
                }
            }
        }
        return deleted;
    }

    /** The newest HTML report of any period in {@code dir} (by the time in its name), or null. */
    public static Path newestOfAny(Path dir) {
        Path best = null;
        for (Period p : Period.values()) {
            Path f = newest(dir, p.wireName());
            if (f != null && (best == null || stamp(f).compareTo(stamp(best)) > 0)) {
                best = f;
            }
        }
        return best;
    }

    private static String stamp(Path html) {
        String n = html.getFileName().toString();
        return n.substring(n.indexOf('-') + 1);
    }

    /** The newest HTML report of {@code period} in {@code dir}, or null. */
    public static Path newest(Path dir, String period) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(period + "-")
                    && p.getFileName().toString().endsWith(".html")).max(Path::compareTo).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
