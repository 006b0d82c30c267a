package dev.logremediation.pipeline;

import org.junit.jupiter.api.Assumptions;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The PostgreSQL server .ci/run starts (LOG_REMEDIATION_TEST_PG_URL, _USER, _PASSWORD); a test that needs it is
 * skipped, saying why, when the variable is not set.
 */
public final class TestPostgres {

    private TestPostgres() {
    }

    /**
     * A new, empty schema, so no earlier run's incidents, cursors or ledger are in the way.
     *
     * @return the STATE_JDBC_* environment variables that point the product at it
     */
    public static Map<String, String> freshSchema(String prefix) throws SQLException {
        String url = System.getenv("LOG_REMEDIATION_TEST_PG_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "set LOG_REMEDIATION_TEST_PG_URL (.ci/run does) to run against PostgreSQL");
        String user = System.getenv().getOrDefault("LOG_REMEDIATION_TEST_PG_USER", "logremediation");
        String password = System.getenv().getOrDefault("LOG_REMEDIATION_TEST_PG_PASSWORD", "logremediation");
        String schema = prefix + "_" + Long.toHexString(System.nanoTime());
        try (var connection = DriverManager.getConnection(url, user, password);
             var sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
        }
        return Map.of("STATE_JDBC_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "STATE_JDBC_USER", user, "STATE_JDBC_PASSWORD", password);
    }
}
