package dev.prodguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-output files: text a person reads, pinned under src/test/resources/golden/ and compared exactly, so
 * that a change of wording shows in review. {@code -Dpg.golden.update=true} rewrites the files instead of
 * comparing (then review the diff and commit it).
 */
public final class Golden {
    /** The system property that rewrites the golden files. */
    public static final String UPDATE = "pg.golden.update";
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {}

    /** Asserts that {@code actual} is exactly the text of golden/{@code name} (or rewrites it, see {@link #UPDATE}). */
    public static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean(UPDATE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s is missing; run the test with -D%s=true to write it", file, UPDATE)
                    .exists();
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual).as("output differs from golden file %s (if the change is intended, rerun with -D%s=true"
                    + " and review the diff)", file, UPDATE).isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
