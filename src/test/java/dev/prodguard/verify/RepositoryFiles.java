package dev.prodguard.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the damage tests do to the files of a repository directory: delete, truncate or flip a byte of a file. */
final class RepositoryFiles {
    private RepositoryFiles() {}

    /** The three kinds of damage, each applied to one file. */
    enum Damage {
        DELETE, TRUNCATE, FLIP;

        void apply(Path file) throws IOException {
            switch (this) {
                case DELETE -> Files.delete(file);
                case TRUNCATE -> {
                    byte[] b = Files.readAllBytes(file);
                    Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
                }
                case FLIP -> {
                    byte[] b = Files.readAllBytes(file);
                    b[b.length / 2] ^= 0x5a;
                    Files.write(file, b);
                }
            }
        }
    }
}
