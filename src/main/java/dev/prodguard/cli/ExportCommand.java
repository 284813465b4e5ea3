package dev.prodguard.cli;

import dev.prodguard.export.SnapshotExporter;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Sizes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard export}: a snapshot as a mongodump directory, readable by mongorestore. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {
            "Write a snapshot as a mongodump directory that mongorestore reads.",
            "DIR receives one folder per database with a .bson file and a .metadata.json file per "
                    + "collection."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard export dump",
            "  prodguard export --snapshot 20261125T104200.000Z-ab12 dump && mongorestore --db copy "
                    + "dump/shop"})
public final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    Main root;

    @Option(names = "--snapshot", paramLabel = "<id|latest>", defaultValue = "latest",
            description = "The snapshot to export. Default: ${DEFAULT-VALUE}.")
    String snapshot;

    @picocli.CommandLine.Mixin
    DatabaseOption database = new DatabaseOption();

    @Option(names = "--force", description = "Write into a non-empty directory (files of the same name are replaced).")
    boolean force;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory to write (new or empty).")
    Path dir;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        Path out = ctx.workDir().resolve(dir).normalize();
        try (Repository repo = RepoAccess.repository(ctx, false)) {
            SnapshotManifest m = new SnapshotCatalog(repo).resolve(snapshot, database.name(ctx));
            SnapshotExporter.ExportResult r = new SnapshotExporter(repo).export(m, out, force);
            ctx.println("exported snapshot " + m.id() + " to " + r.directory() + ": " + r.files() + " file(s), "
                    + Sizes.human(r.bytes()) + " of BSON; restore with: mongorestore --db <name> " + r.directory());
        }
        return 0;
    }
}
