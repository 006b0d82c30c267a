package dev.logremediation.cluster;

import dev.logremediation.pipeline.ProductProcess;
import dev.logremediation.pipeline.ProductProcesses;
import dev.logremediation.pipeline.TestPostgres;
import dev.logremediation.pipeline.TestZooKeeper;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxLoki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the product as real processes, sharing a PostgreSQL state database and electing a leader through
 * a Camel cluster service (a lock file; ZooKeeper: the one LOG_REMEDIATION_TEST_ZK names, as .ci/run does, or an in-process one). Each
 * instance reads Loki as its own user, so the sandbox Loki's request log tells who polled.
 */
class FailoverTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "f41l0v3r");
    private static final JwtPizzaTraffic TRAFFIC = new JwtPizzaTraffic(7);

    @TempDir
    Path shared;
    private ProductProcesses processes;
    private SandboxLoki loki;

    @BeforeEach
    void startServers() {
        processes = new ProductProcesses();
        loki = processes.loki;
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        processes.close();
    }

    @Test
    void fileLockLeaderKilledMidIncidentIsReplacedAndNothingIsSentTwice() throws Exception {
        leaderKilledMidIncident(fileCluster());
    }

    @Test
    void zooKeeperLeaderKilledMidIncidentIsReplacedAndNothingIsSentTwice() throws Exception {
        leaderKilledMidIncident(zooKeeperCluster());
    }

    @Test
    void gracefulStopHandsOverWithinTwoPollIntervals() throws Exception {
        Map<String, String> env = environment(fileCluster(), "2s");
        ProductProcess first = launch("instance-a", env);
        await().atMost(Duration.ofSeconds(60)).until(() -> !queriesBy("instance-a").isEmpty());
        awaitStandby(launch("instance-b", env));

        first.stop();
        Instant lastOfA = queriesBy("instance-a").get(queriesBy("instance-a").size() - 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> !queriesBy("instance-b").isEmpty());
        Duration gap = Duration.between(lastOfA, queriesBy("instance-b").get(0));
        assertThat(gap).as("no poll between the last of the stopped leader and the first of its successor")
                .isLessThanOrEqualTo(Duration.ofSeconds(4));
    }

    private void leaderKilledMidIncident(Map<String, String> cluster) throws Exception {
        Map<String, String> env = environment(cluster, "300ms");
        ProductProcess leader = launch("instance-a", env);
        await().atMost(Duration.ofSeconds(60)).until(() -> !queriesBy("instance-a").isEmpty());
        ProductProcess standby = launch("instance-b", env);
        awaitStandby(standby);

        long ts = Instant.now().toEpochMilli() * 1_000_000L - 2_000_000_000L;
        for (int i = 0; i < 6; i++) {
            loki.push(TRAFFIC.chaosErrorLine(ts + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects().size() >= 1);
        // the next poll begins after the one that fired saved its cursor: the incident is open in PostgreSQL
        int queriesAtFiring = loki.queryCount();
        await().atMost(Duration.ofSeconds(10)).until(() -> loki.queryCount() > queriesAtFiring + 1);
        assertThat(queriesBy("instance-b")).as("the standby never queried Loki").isEmpty();

        leader.kill();
        Instant killed = Instant.now();
        // two more errors of the same outage while nobody polls: the successor must read them from the cursor
        for (int i = 6; i < 8; i++) {
            loki.push(TRAFFIC.chaosErrorLine(ts + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !queriesBy("instance-b").isEmpty());
        assertThat(Duration.between(killed, queriesBy("instance-b").get(0))).as("takeover")
                .isLessThan(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(60)).until(() -> subjects().stream().anyMatch(s -> s.startsWith("[RESOLVED]")));
        int queries = loki.queryCount();
        await().atMost(Duration.ofSeconds(20)).until(() -> loki.queryCount() > queries + 5);
        List<String> subjects = subjects();
        assertThat(subjects).filteredOn(s -> s.startsWith("[FIRING]")).hasSize(1);
        assertThat(subjects).as("one incident, every line counted once")
                .filteredOn(s -> s.startsWith("[RESOLVED] jwt-pizza-service: 8 errors")).hasSize(1);
        assertThat(subjects).hasSize(2);
    }

    private Map<String, String> fileCluster() {
        return Map.of("CAMEL_CLUSTER_FILE_ENABLED", "true", "CAMEL_CLUSTER_FILE_ROOT", shared.toString(),
                "CAMEL_CLUSTER_FILE_ACQUIRE_LOCK_INTERVAL", "1");
    }

    private static Map<String, String> zooKeeperCluster() throws Exception {
        String nodes = TestZooKeeper.nodes();
        return Map.of("CAMEL_CLUSTER_ZOOKEEPER_ENABLED", "true", "CAMEL_CLUSTER_ZOOKEEPER_NODES", nodes,
                "CAMEL_CLUSTER_ZOOKEEPER_BASE_PATH", "/failover-" + Long.toHexString(System.nanoTime()),
                "CAMEL_CLUSTER_ZOOKEEPER_SESSION_TIMEOUT", "5000", "CAMEL_CLUSTER_ZOOKEEPER_CONNECT_TIMEOUT", "5000");
    }

    private Map<String, String> environment(Map<String, String> cluster, String pollInterval) throws Exception {
        Map<String, String> env = processes.environment(pollInterval, "10s");
        env.putAll(TestPostgres.freshSchema("failover"));
        env.putAll(cluster);
        env.put("LOKI_TOKEN", "secret-token");
        return env;
    }

    private ProductProcess launch(String name, Map<String, String> env) throws Exception {
        Map<String, String> own = new HashMap<>(env);
        own.put("LOKI_USER", name);
        own.put("STATE_DIR", shared.resolve(name).toString());
        return processes.launch("failover-" + name, own);
    }

    /** Started, healthy and reporting itself as standby (leader = 0) in its metrics. */
    private static void awaitStandby(ProductProcess instance) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.observePort
                    + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("logremediation_leader\\{[^}]*\\} 0\\.0");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + instance.observePort + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        });
    }

    /** When each query_range request of this instance (its Loki user) arrived, in order. */
    private List<Instant> queriesBy(String name) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((name + ":secret-token")
                .getBytes(StandardCharsets.UTF_8));
        return loki.recordedQueries().stream()
                .filter(q -> q.headers().getOrDefault("authorization", List.of()).contains(basic))
                .map(SandboxLoki.RecordedQuery::at).toList();
    }

    private List<String> subjects() {
        return processes.subjects();
    }
}
