package dev.prodguard.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.prodguard.devdb.EmbeddedMongo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's embedded server (memory backend) in a JVM of its own, for the whole-process part (no oplog) and the
 * capture part (oplog on, {@code --oplog}: change streams need it): what is measured then shares the machine with a
 * server that the harness's own heap, collections and compilation do not touch. Started with the launcher's java
 * command line; prints {@code {"port": N}} once it listens, and stops when its standard input closes (the harness
 * closes it, or the harness's end closes it). A line {@code collect} on its standard input runs a full collection
 * there and is answered with {@code {"collections": N}}, how many collections its JVM has run ({@link #collect}).
 */
public final class ServerProcess implements AutoCloseable {
    private static final String OPLOG = "--oplog";
    private static final String COLLECT = "collect";

    private final Process process;
    private final BufferedReader out;
    private final int port;
    private final boolean oplog;

    private ServerProcess(Process process, BufferedReader out, int port, boolean oplog) {
        this.process = process;
        this.out = out;
        this.port = port;
        this.oplog = oplog;
    }

    /** Serves on a free port of 127.0.0.1 until standard input closes; {@code --oplog} turns the oplog on. */
    public static void main(String[] args) throws IOException {
        MongoServer server = new MongoServer(new MemoryBackend().version(EmbeddedMongo.MONGO_6_0));
        if (List.of(args).contains(OPLOG)) {
            server.enableOplog();
        }
        server.bind("127.0.0.1", 0);
        keepHeap();
        System.out.println("{\"port\": " + server.getLocalAddress().getPort() + "}");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) { // end of input is the signal to stop
            if (line.equals(COLLECT)) {
                System.gc();
                System.out.println("{\"collections\": " + HeapSampler.collections() + "}");
                System.out.flush();
            }
        }
        server.shutdownNow();
        System.exit(0);
    }

    /** Starts one with {@code launch}'s java command line (its class path instead of -jar); waits until it listens. */
    static ServerProcess start(Launch launch) throws IOException {
        return start(launch, false);
    }

    /** {@link #start(Launch)}, with the oplog on when {@code oplog} (what capture's change streams read). */
    static ServerProcess start(Launch launch, boolean oplog) throws IOException {
        List<String> cmd = new ArrayList<>(launch.command().subList(0, launch.command().size() - 2));
        cmd.addAll(List.of("-cp", launch.jar().toString(), ServerProcess.class.getName()));
        if (oplog) {
            cmd.add(OPLOG);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.matches("\\{\"port\": \\d+}")) {
                throw new IOException("the server process printed " + (line == null ? "nothing" : "'" + line + "'")
                        + " instead of its port");
            }
            return new ServerProcess(p, out, Integer.parseInt(line.replaceAll("\\D", "")), oplog);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /**
     * Runs a full collection in the server's JVM and returns once it is done, so that a timed process does not pay for
     * garbage an earlier one left there (a restore's inserts, then the drop of what it restored).
     *
     * @return how many collections the server's JVM has run, this one included
     * @throws IOException when the server does not answer (it stopped)
     */
    long collect() throws IOException {
        java.io.OutputStream in = process.getOutputStream();
        in.write((COLLECT + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line = out.readLine();
        if (line == null || !line.matches("\\{\"collections\": \\d+}")) {
            throw new IOException("the server process answered " + (line == null ? "nothing" : "'" + line + "'")
                    + " to a request for a full collection");
        }
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    /**
     * As the harness does for its own JVM: the heap is not shrunk after a full collection, so that the process timed
     * next does not wait while the server's heap grows back.
     */
    private static void keepHeap() {
        try {
            HeapSampler.keepHeap();
        } catch (RuntimeException e) {
            System.err.println("server: cannot keep the heap from shrinking (" + e.getMessage() + ")");
        }
    }

    /** What the report says of it: which server, and how it was started. */
    String describe() {
        return "a server process of its own (" + ServerProcess.class.getName() + (oplog ? " " + OPLOG : "")
                + ": the same embedded server, memory backend" + (oplog ? ", oplog on" : "")
                + ", in a JVM of its own started with the launcher's java command line)";
    }

    /** The server's connection string. */
    String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** Closes its standard input and waits for it to stop (forcibly after 10 s). */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
