package dev.logremediation.state;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product as a real process, killed with SIGKILL in the middle of an incident and started again on the same
 * state: exactly one FIRING and one RESOLVED email in total. Against the embedded H2 database and against
 * PostgreSQL (started by .ci/run; the test needs LOG_REMEDIATION_TEST_PG_URL).
 */
class CrashRecoveryTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");

    @TempDir
    Path stateDir;
    private SandboxLoki loki;
    private SandboxMail mail;
    private Process product;

    @BeforeEach
    void startServers() {
        loki = SandboxLoki.start();
        mail = SandboxMail.start();
    }

    @AfterEach
    void stopAll() {
        if (product != null) {
            product.destroyForcibly();
        }
        mail.close();
        loki.close();
    }

    @Test
    void killedMidIncidentWithH2() throws Exception {
        survivesKillNine(Map.of());
    }

    @Test
    void killedMidIncidentWithPostgres() throws Exception {
        String url = System.getenv("LOG_REMEDIATION_TEST_PG_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "set LOG_REMEDIATION_TEST_PG_URL (.ci/run does) to run against PostgreSQL");
        String user = System.getenv().getOrDefault("LOG_REMEDIATION_TEST_PG_USER", "logremediation");
        String password = System.getenv().getOrDefault("LOG_REMEDIATION_TEST_PG_PASSWORD", "logremediation");
        // a schema of its own, so no earlier run's incidents or ledger are in the way
        String schema = "crash_" + Long.toHexString(System.nanoTime());
        try (var connection = java.sql.DriverManager.getConnection(url, user, password);
             var sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA " + schema);
        }
        survivesKillNine(Map.of("STATE_JDBC_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "STATE_JDBC_USER", user, "STATE_JDBC_PASSWORD", password));
    }

    private void survivesKillNine(Map<String, String> database) throws Exception {
        Map<String, String> env = new HashMap<>(database);
        env.putAll(Map.of("LOKI_URL", loki.baseUrl(), "LOKI_POLL_INTERVAL", "300ms", "LOKI_FIRST_POLL_DELAY", "0",
                "LOKI_OVERLAP", "1m", "MAIL_HOST", "127.0.0.1", "MAIL_PORT", Integer.toString(mail.port()),
                "MAIL_TO", "oncall@crash.test", "STATE_DIR", stateDir.toString(), "INCIDENT_QUIET_PERIOD", "8s",
                "RETRY_DELAY", "100"));
        env.put("INCIDENT_TIMEOUT_CHECK_INTERVAL", "200");
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            env.put("OBSERVE_PORT", Integer.toString(free.getLocalPort()));
        }
        product = launch(env);

        JwtPizzaTraffic traffic = new JwtPizzaTraffic(21);
        long ts = Instant.now().toEpochMilli() * 1_000_000L - 2_000_000_000L;
        for (int i = 0; i < 6; i++) {
            loki.push(traffic.chaosErrorLine(ts + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> subjects().size() >= 1);
        // the poll that fired has handed its lines on and saved the cursor: the incident is open in the database
        Path cursor = stateDir.resolve("cursor-jwt-pizza-service.json");
        long firedAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.exists(cursor)
                && java.nio.file.Files.getLastModifiedTime(cursor).toMillis() >= firedAt);
        product.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no completion on stop

        product = launch(env);
        await().atMost(Duration.ofSeconds(60)).until(() -> subjects().stream().anyMatch(s -> s.startsWith("[RESOLVED]")));
        int queries = loki.queryCount();
        await().atMost(Duration.ofSeconds(20)).until(() -> loki.queryCount() > queries + 5);

        List<String> subjects = subjects();
        assertThat(subjects).filteredOn(s -> s.startsWith("[FIRING]")).hasSize(1);
        assertThat(subjects).filteredOn(s -> s.startsWith("[RESOLVED] jwt-pizza-service: 6 errors")).hasSize(1);
        assertThat(subjects).hasSize(2);
    }

    private List<String> subjects() {
        return mail.received().stream().map(SandboxMail::subject).toList();
    }

    private static Process launch(Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.logremediation.cli.LogRemediation", "run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        new File(System.getProperty("java.io.tmpdir"), "crash-recovery-product.log")));
        builder.environment().putAll(env);
        return builder.start();
    }
}
