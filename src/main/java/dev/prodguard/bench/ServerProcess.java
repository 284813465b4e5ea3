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
 * The benchmark's embedded server (memory backend, no oplog) in a JVM of its own, for the whole-process part: the
 * processes measured then share the machine with a server that the harness's own heap, collections and compilation
 * do not touch. Started with the launcher's java command line; prints {@code {"port": N}} once it listens, and
 * stops when its standard input closes (the harness closes it, or the harness's end closes it).
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Serves on a free port of 127.0.0.1 until standard input closes. */
    public static void main(String[] args) throws IOException {
        MongoServer server = new MongoServer(new MemoryBackend().version(EmbeddedMongo.MONGO_6_0));
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
        List<String> cmd = new ArrayList<>(launch.command().subList(0, launch.command().size() - 2));
        cmd.addAll(List.of("-cp", launch.jar().toString(), ServerProcess.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.matches("\\{\"port\": \\d+}")) {
                throw new IOException("the server process printed " + (line == null ? "nothing" : "'" + line + "'")
                        + " instead of its port");
            }
            return new ServerProcess(p, Integer.parseInt(line.replaceAll("\\D", "")));
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
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
