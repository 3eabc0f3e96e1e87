package mulu.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts an in-process Neo4j (Neo4j's own test harness) with Bolt on 127.0.0.1 and a free port,
 * prints {@code bolt://127.0.0.1:PORT} as one line on stdout, and stops when its stdin closes or
 * its parent process dies, so a killed test run leaves no JVM behind.
 *
 * <p>Usage: {@code java -cp … mulu.neo4j.Launcher [WORK_DIR [PORT]]}: the harness keeps its
 * database in a new folder under WORK_DIR (default: a new temporary folder) and deletes it on
 * close, so every start is an empty database; PORT (default: a free one) lets a test start a new
 * Neo4j where the old one listened. Authentication is off: loopback only.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path workDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mulu-neo4j-");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();

        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(HttpConnector.enabled, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close, "neo4j-stop"));
        out.println(neo4j.boltURI().toString().replace("localhost", "127.0.0.1"));

        Thread stdinWatch = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // anything written is ignored; only the end of the stream matters
                }
            } catch (IOException ignored) {
                // a broken pipe is a closed stdin
            }
            System.exit(0);
        }, "stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();

        while (true) {
            Thread.sleep(500);
            if (parent.isPresent() && !parent.get().isAlive()) {
                System.exit(0);
            }
        }
    }
}
