package dev.logremediation.state;

import dev.logremediation.pipeline.ProductProcess;
import dev.logremediation.pipeline.ProductProcesses;
import dev.logremediation.pipeline.TestPostgres;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxLoki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product as a real process, killed with SIGKILL in the middle of an incident and started again on the same
 * state: exactly one FIRING and one RESOLVED email in total. Against the embedded H2 database and against
 * PostgreSQL (the server .ci/run starts, or an embedded one: see TestPostgres).
 */
class CrashRecoveryTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");

    @TempDir
    Path stateDir;
    private ProductProcesses processes;

    @BeforeEach
    void startServers() {
        processes = new ProductProcesses();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        processes.close();
    }

    @Test
    void killedMidIncidentWithH2() throws Exception {
        survivesKillNine(Map.of());
    }

    @Test
    void killedMidIncidentWithPostgres() throws Exception {
        survivesKillNine(TestPostgres.freshSchema("crash"));
    }

    private void survivesKillNine(Map<String, String> database) throws Exception {
        Map<String, String> env = processes.environment("300ms", "8s");
        env.putAll(database);
        env.put("STATE_DIR", stateDir.toString());
        SandboxLoki loki = processes.loki;
        ProductProcess product = processes.launch("crash-recovery-product", env);

        JwtPizzaTraffic traffic = new JwtPizzaTraffic(21);
        long ts = Instant.now().toEpochMilli() * 1_000_000L - 2_000_000_000L;
        for (int i = 0; i < 6; i++) {
            loki.push(traffic.chaosErrorLine(ts + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> processes.subjects().size() >= 1);
        // a poll begins only after the previous one saved its cursor: once the next poll has asked Loki, the poll
        // that fired has handed its lines on and saved the cursor, and the incident is open in the database
        int queriesAtFiring = loki.queryCount();
        await().atMost(Duration.ofSeconds(10)).until(() -> loki.queryCount() > queriesAtFiring);
        product.kill(); // no shutdown hook, no completion on stop

        processes.launch("crash-recovery-product", env);
        await().atMost(Duration.ofSeconds(60)).until(() -> processes.subjects().stream().anyMatch(s -> s.startsWith("[RESOLVED]")));
        int queries = loki.queryCount();
        await().atMost(Duration.ofSeconds(20)).until(() -> loki.queryCount() > queries + 5);

        List<String> subjects = processes.subjects();
        assertThat(subjects).filteredOn(s -> s.startsWith("[FIRING]")).hasSize(1);
        assertThat(subjects).filteredOn(s -> s.startsWith("[RESOLVED] jwt-pizza-service: 6 errors")).hasSize(1);
        assertThat(subjects).hasSize(2);
    }
}
