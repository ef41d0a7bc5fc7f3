// scripts/neo4j/Neo4jTestServer.java -- a real Neo4j DBMS (kernel + Cypher + Bolt server) in one JVM,
// auth and usage reporting off, listening on 127.0.0.1 only. Compiled and launched by start.sh:
//   java <flags> -Dbolt.port=N -cp "target/lib/*:target/classes" Neo4jTestServer HOME
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.configuration.SettingValueParsers;

public class Neo4jTestServer {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "/tmp/neo4j-test-home").toAbsolutePath();
        String host = System.getProperty("bolt.host", "127.0.0.1");
        int port = Integer.getInteger("bolt.port", 7687);
        Path plugins = home.resolve("plugins");       // put apoc-core/apoc-common jars here (they must ALSO be on -cp)
        Files.createDirectories(plugins);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(host))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // a throw-away server: don't spend 2 x 5 s draining Bolt connections on SIGTERM
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ZERO)
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ZERO)
                .setConfig(GraphDatabaseSettings.pagecache_memory, SettingValueParsers.BYTES.parse(System.getProperty("pagecache", "64m")))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)          // dbms.usage_report.enabled: no phone-home
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);    // fails fast if 'neo4j' db is not up
        System.out.println("NEO4J_READY bolt://" + host + ":" + port);
        System.out.flush();
        Thread.currentThread().join();                                  // serve until SIGTERM/SIGINT
    }
}
