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
 * closes it, or the harness's end closes it).
 */
public final class ServerProcess implements AutoCloseable {
    private static final String OPLOG = "--oplog";

    private final Process process;
    private final int port;
    private final boolean oplog;

    private ServerProcess(Process process, int port, boolean oplog) {
        this.process = process;
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
        System.out.println("{\"port\": " + server.getLocalAddress().getPort() + "}");
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing is sent; end of input is the signal to stop
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
            return new ServerProcess(p, Integer.parseInt(line.replaceAll("\\D", "")), oplog);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
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
