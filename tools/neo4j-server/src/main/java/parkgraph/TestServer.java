package parkgraph;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Neo4j Community, embedded, with its Bolt connector on 127.0.0.1 and no authentication:
 * a real server for the test suite, started by scripts/neo4j-test-server.
 *
 * Usage: TestServer DATA_DIR [PORT]  (PORT 0 or absent: a free port). Prints
 * "NEO4J_URI=bolt://127.0.0.1:PORT" once Bolt accepts connections, then runs until killed.
 */
public final class TestServer {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "neo4j-test-data").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
        }
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).beginTx().close();
        waitForBolt(port);
        System.out.println("NEO4J_URI=bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void waitForBolt(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt did not open on port " + port);
    }
}
