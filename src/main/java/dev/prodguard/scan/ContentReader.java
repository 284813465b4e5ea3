package dev.prodguard.scan;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a file's content line by line for scanning, skipping binary and large files, with memory
 * bounded by one line (lines are cut at 64 KiB).
 */
final class ContentReader {
    /** Files larger than this are skipped (1 MiB). */
    static final long MAX_FILE_BYTES = 1L << 20;
    private static final int SNIFF_BYTES = 8000;
    private static final int MAX_LINE_CHARS = 64 * 1024;
    private static final Set<String> LOCK_FILES = Set.of("package-lock.json", "yarn.lock", "pnpm-lock.yaml",
            "npm-shrinkwrap.json", "gemfile.lock", "poetry.lock", "pipfile.lock", "cargo.lock", "composer.lock",
            "go.sum", "mix.lock", "pubspec.lock", "podfile.lock", "packages.lock.json", "bun.lockb", "uv.lock");

    /** What happened to one file. */
    enum Outcome { SCANNED, BINARY, TOO_LARGE }

    /** Receives each line with its 1-based number. */
    interface LineSink {
        void line(int number, String text);
    }

    private ContentReader() {}

    /** Whether the generic entropy rule applies to a path: not to lock files and checksum lists full of hashes. */
    static boolean entropyRuleApplies(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return !LOCK_FILES.contains(name) && !name.endsWith(".lock") && !name.endsWith(".sum")
                && !name.endsWith(".sha256") && !name.endsWith(".min.js") && !name.endsWith(".map");
    }

    /** Streams the lines of a file of the given size to the sink, unless it is binary or too large. */
    static Outcome read(InputStream raw, long size, LineSink sink) throws IOException {
        if (size > MAX_FILE_BYTES) {
            return Outcome.TOO_LARGE;
        }
        BufferedInputStream in = new BufferedInputStream(raw, SNIFF_BYTES);
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        for (byte b : head) {
            if (b == 0) {
                return Outcome.BINARY;
            }
        }
        in.reset();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder));
        StringBuilder line = new StringBuilder();
        int number = 1;
        char[] buf = new char[8192];
        int n;
        while ((n = reader.read(buf)) != -1) {
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (c == '\n') {
                    sink.line(number++, stripCr(line));
                    line.setLength(0);
                } else if (line.length() < MAX_LINE_CHARS) {
                    line.append(c);
                }
            }
        }
        if (line.length() > 0) {
            sink.line(number, stripCr(line));
        }
        return Outcome.SCANNED;
    }

    private static String stripCr(StringBuilder sb) {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
    }
}
