package dev.prodguard.checklist;

import dev.prodguard.config.Settings;
import dev.prodguard.config.SettingsLoader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builds real settings (from an environment map, .env and prodguard.yml in a directory) and check contexts for item tests. */
final class Fixtures {
    private Fixtures() {}

    /** No repository: opening fails the way a missing one does. */
    static final Supplier<Repository> NO_REPOSITORY = () -> {
        throw new ProdguardException(ErrorCode.REPOSITORY, "no backup repository at /nowhere");
    };

    static Settings settings(Map<String, String> env, Path work) {
        return new SettingsLoader(new HashMap<>(env), work, work.resolve("home")).load();
    }

    static CheckContext context(Map<String, String> env, Path work, Path source, Clock clock) {
        return new CheckContext(settings(env, work), source, clock, "test-host", NO_REPOSITORY);
    }

    static CheckContext context(Map<String, String> env, Path work) {
        return context(env, work, work, Clock.systemUTC());
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Runs one item the way the checklist does (its exceptions become a FAIL of that item). */
    static ItemResult run(CheckItem item, CheckContext ctx) throws InterruptedException {
        return new Checklist(java.util.List.of(item)).run(item.stages().iterator().next(), ctx).items().get(0);
    }
}
