package org.ordersaga.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One PostgreSQL server with logical WAL; its data directory survives restarts. */
final class Postgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Postgres.class);
    static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres server;
    private final int port;
    private final Path dataDirectory;

    private Postgres(EmbeddedPostgres server, int port, Path dataDirectory) {
        this.server = server;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    static Postgres start(Path dataDir, int port, Path logFile) {
        Path pgData = dataDir.resolve("postgres");
        StaleProcesses.stopStalePostmaster(pgData);
        Ports.requireFree(port, "PostgreSQL");
        try {
            Files.createDirectories(logFile.getParent());
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    // A slot whose relay is gone keeps WAL for ever; past this bound PostgreSQL gives the slot up
                    // instead of filling the disk. 1 GB is far more than a running relay ever lags behind, and half
                    // of k8s' 2 GB: a laptop has less disk, and its data directory is disposable (./run.sh --clean).
                    .setServerConfig("max_slot_wal_keep_size", "1GB")
                    // zonky's default is off: not durable, and it delays logical decoding by ~150 ms.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "localhost")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            LOG.info("PostgreSQL up on port {} (data: {})", port, pgData);
            return new Postgres(server, port, pgData);
        } catch (IOException e) {
            throw new PlatformException("PostgreSQL did not start; see " + logFile, e);
        }
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    Connection connect(String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    Connection connectAsSuperuser(String database) throws SQLException {
        return connect(database, SUPERUSER, null);
    }

    /** Creates per-service databases, roles, outbox schema, publication and slot; idempotent. */
    void bootstrap(List<ServiceCatalog.Service> services) {
        try {
            DatabaseBootstrap.apply(this, services);
        } catch (SQLException e) {
            throw new PlatformException("database bootstrap failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("PostgreSQL stop failed: {}", e.getMessage());
        }
    }
}
