package dev.prodguard.repo;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * A separate JVM for {@link RepositoryProcessTest}: {@code big <dir> <mb>} writes and re-reads one
 * object of that many MiB (for small -Xmx); {@code loop <dir>} commits object + manifest pairs
 * until killed, printing each committed manifest id.
 */
public final class RepoWorkerMain {
    private RepoWorkerMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        char[] key = "process test passphrase".toCharArray();
        Repository.CreateOptions options = new Repository.CreateOptions(1, 64 * 1024, 1000);
        try (Repository repo = Repository.openOrCreate(new FileStorage(dir), key, options)) {
            if (args[0].equals("big")) {
                big(repo, Integer.parseInt(args[2]));
            } else {
                loop(repo);
            }
        }
    }

    private static void big(Repository repo, int mb) throws Exception {
        byte[] block = new byte[1024 * 1024];
        Random r = new Random(7);
        ObjectRef ref;
        try (ObjectWriter w = repo.newObject("big/")) {
            for (int i = 0; i < mb; i++) {
                r.nextBytes(block); // incompressible: every byte reaches the cipher and the disk
                w.write(block);
            }
            ref = w.commit();
        }
        long read = 0;
        try (InputStream in = repo.openObject(ref)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                read += n;
            }
        }
        System.out.println("ok raw=" + read + " stored=" + ref.storedBytes() + " maxHeap="
                + Runtime.getRuntime().maxMemory());
    }

    private static void loop(Repository repo) throws Exception {
        Random r = new Random();
        for (int i = repo.listManifests("loop").size(); ; i++) {
            byte[] data = new byte[r.nextInt(300_000)];
            r.nextBytes(data);
            ObjectRef ref;
            try (ObjectWriter w = repo.newObject("loop/" + i + "/")) {
                w.write(data);
                ref = w.commit();
            }
            String id = String.format("%08d", i);
            String json = "{\"key\":\"" + ref.key() + "\",\"sha256\":\"" + ref.sha256() + "\",\"storedBytes\":"
                    + ref.storedBytes() + ",\"rawBytes\":" + ref.rawBytes() + "}";
            repo.writeManifest("loop", id, json.getBytes(StandardCharsets.UTF_8));
            System.out.println(id);
            System.out.flush();
        }
    }
}
