package dev.logremediation.state;

import dev.logremediation.pipeline.ProductProcess;
import dev.logremediation.pipeline.ProductProcesses;
import dev.logremediation.pipeline.TestPostgres;
import dev.logremediation.pipeline.TestZooKeeper;
import dev.logremediation.sandbox.SandboxDiner;
import dev.logremediation.sandbox.SandboxMail;
import dev.logremediation.sandbox.SandboxPizza;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The remediation loop across kill -9, at each point where a crash can fall, with the product as a real process, the
 * sandbox shop and factory, real SMTP: the link is followed at most once, the verification runs, and on-call gets
 * exactly one outcome email and one RESOLVED, in the FIRING thread, with every action in the report once.
 */
class RemediationCrashTest {

    /** state.link-key: 32 bytes in base64, as `openssl rand -base64 32` prints. */
    private static final String LINK_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    @TempDir
    Path stateDir;
    private ProductProcesses processes;
    private SandboxPizza pizza;

    @BeforeEach
    void startServers() {
        processes = new ProductProcesses();
        pizza = SandboxPizza.start(processes.loki);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        pizza.releaseHeldAnswers();
        processes.close();
        pizza.close();
    }

    private Map<String, String> environment() {
        Map<String, String> env = processes.environment("300ms", "12s");
        env.put("STATE_DIR", stateDir.toString());
        env.put("STATE_LINK_KEY", LINK_KEY);
        env.put("REMEDIATION_ENABLED", "true");
        env.put("REMEDIATION_ALLOWED_HOSTS", "127.0.0.1");
        env.put("REMEDIATION_CHECK_INTERVAL", "300");
        env.put("REMEDIATION_ACTION_LEASE", "4s");
        env.put("VERIFICATION_ENABLED", "true");
        env.put("VERIFICATION_SHOP_URL", pizza.serviceUrl());
        env.put("VERIFICATION_FACTORY_URL", pizza.factoryUrl());
        env.put("VERIFICATION_DINER_PASSWORD", "diner");
        env.put("VERIFICATION_DELAY", "300");
        return env;
    }

    /** Chaos in the shop, six diners' orders fail, the product pages on-call. */
    private void chaosUntilFiring() throws Exception {
        chaosUntilFiring(() -> { });
    }

    /** The same, with something done once the diners' orders are in (holding the product's own calls). */
    private void chaosUntilFiring(Runnable afterOrders) throws Exception {
        pizza.startChaos("fail");
        SandboxDiner diner = new SandboxDiner(pizza.serviceUrl());
        for (int i = 0; i < 6; i++) {
            diner.order();
        }
        afterOrders.run();
        await().atMost(Duration.ofSeconds(40)).until(() -> count("[FIRING]") == 1);
    }

    @Test
    void killedAfterTheFiringEmailBeforeTheLinkIsFollowed() throws Exception {
        Map<String, String> env = environment();
        Map<String, String> neverRemediates = new HashMap<>(env);
        neverRemediates.put("REMEDIATION_CHECK_INTERVAL", "600000");
        ProductProcess first = processes.launch("crash-before-link", neverRemediates);
        chaosUntilFiring();
        first.kill();
        assertThat(pizza.supportRequests()).as("the link was not followed before the crash").isEmpty();

        processes.launch("crash-before-link", env);
        assertLoopClosedOnce("REMEDIATED - verified");
    }

    @Test
    void withoutALinkKeyARestartCannotFollowThePendingLinkAndTheFailureEmailSaysWhy() throws Exception {
        Map<String, String> env = environment();
        env.remove("STATE_LINK_KEY");
        Map<String, String> neverRemediates = new HashMap<>(env);
        neverRemediates.put("REMEDIATION_CHECK_INTERVAL", "600000");
        ProductProcess first = processes.launch("crash-without-key", neverRemediates);
        chaosUntilFiring();
        // once the next poll asks Loki, the poll that fired saved its cursor: the lines (and links) are not read again
        int queriesAtFiring = processes.loki.queryCount();
        await().atMost(Duration.ofSeconds(10)).until(() -> processes.loki.queryCount() > queriesAtFiring);
        first.kill();

        processes.launch("crash-without-key", env);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("[REMEDIATION FAILED - action needed]") == 1);
        assertThat(SandboxMail.part(email("[REMEDIATION FAILED"), "text/plain")).contains("state.link-key")
                .doesNotContain(pizza.apiKey());
        assertThat(pizza.supportRequests()).isEmpty();
        assertThat(pizza.chaosActive()).as("nothing was done to the shop").isTrue();
    }

    @Test
    void killedAfterTheLinkWasFollowedBeforeTheVerification() throws Exception {
        Map<String, String> env = environment();
        // the purchase is due 5 s after the link's answer (a due time in the round's row): the kill comes first
        Map<String, String> verifiesLate = new HashMap<>(env);
        verifiesLate.put("VERIFICATION_DELAY", "5000");
        ProductProcess first = processes.launch("crash-before-verification", verifiesLate);
        chaosUntilFiring();
        // the link's answer is recorded (the audit line is written after it)
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(stateDir.resolve("audit.jsonl"))
                && Files.readString(stateDir.resolve("audit.jsonl")).contains("\"outcome\":\"RESOLVED\""));
        first.kill();
        assertThat(pizza.supportRequests()).hasSize(1);
        assertThat(orders()).as("no purchase before the crash").isZero();

        processes.launch("crash-before-verification", env);
        assertLoopClosedOnce("REMEDIATED - verified");
    }

    @Test
    void killedDuringTheVerificationPurchase() throws Exception {
        Map<String, String> env = environment();
        ProductProcess first = processes.launch("crash-during-verification", env);
        chaosUntilFiring(() -> pizza.holdServiceAnswers("POST /api/order"));
        await().atMost(Duration.ofSeconds(20)).until(() -> orders() == 1);
        first.kill();
        pizza.releaseHeldAnswers();

        processes.launch("crash-during-verification", env);
        assertLoopClosedOnce("REMEDIATED - verified");
        assertThat(orders()).as("the purchase ran again after the crash").isEqualTo(2);
    }

    @Test
    void killedAfterTheVerificationBeforeItsEmailReachedSmtp() throws Exception {
        Map<String, String> env = environment();
        env.put("MAIL_RETRY_FIRST", "500ms");
        env.put("MAIL_OUTBOX_CLAIM", "3s");
        ProductProcess first = processes.launch("crash-before-outcome-email", env);
        chaosUntilFiring();
        processes.mail.stop();
        // the purchase is done and the round finished: its outcome email waits in the outbox, SMTP being down
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> orders() == 1 && roundsWaiting(first) == 0);
        first.kill();
        processes.mail.restart();

        processes.launch("crash-before-outcome-email", env);
        assertLoopClosedOnce("REMEDIATED - verified");
        assertThat(orders()).as("a recorded verdict is not bought again").isEqualTo(1);
    }

    @Test
    void killedBetweenTheLinkRequestAndItsAnswerTheOutcomeIsUnknownAndThePurchaseDecides() throws Exception {
        Map<String, String> env = environment();
        ProductProcess first = processes.launch("crash-during-link", env);
        chaosUntilFiring(() -> pizza.holdFactoryAnswers("GET /api/support/"));
        await().atMost(Duration.ofSeconds(20)).until(() -> pizza.supportRequests().size() == 1);
        first.kill();
        pizza.releaseHeldAnswers();

        processes.launch("crash-during-link", env);
        assertLoopClosedOnce("REMEDIATED - verified");
        assertThat(count("[REMEDIATION UNKNOWN - verifying]")).isEqualTo(1);
        MimeMessage outcome = email("[REMEDIATED - verified]");
        assertThat(SandboxMail.part(outcome, "text/plain")).contains("UNKNOWN").contains("not known");
    }

    @Test
    void aStandbyOnPostgresFinishesTheLoopWhenTheLeaderDiesDuringTheVerification() throws Exception {
        Map<String, String> env = environment();
        env.putAll(TestPostgres.freshSchema("remediation_failover"));
        env.putAll(Map.of("CAMEL_CLUSTER_ZOOKEEPER_ENABLED", "true", "CAMEL_CLUSTER_ZOOKEEPER_NODES",
                TestZooKeeper.nodes(), "CAMEL_CLUSTER_ZOOKEEPER_BASE_PATH", "/remediation-" + System.nanoTime(),
                "CAMEL_CLUSTER_ZOOKEEPER_SESSION_TIMEOUT", "5000", "CAMEL_CLUSTER_ZOOKEEPER_CONNECT_TIMEOUT", "5000"));
        Map<String, String> leaderEnv = new HashMap<>(env);
        leaderEnv.put("STATE_DIR", stateDir.resolve("leader").toString());
        ProductProcess leader = processes.launch("remediation-leader", leaderEnv);
        chaosUntilFiring(() -> pizza.holdServiceAnswers("POST /api/order"));
        Map<String, String> standbyEnv = new HashMap<>(env);
        standbyEnv.put("STATE_DIR", stateDir.resolve("standby").toString());
        processes.launch("remediation-standby", standbyEnv);
        await().atMost(Duration.ofSeconds(20)).until(() -> orders() == 1);
        leader.kill();
        pizza.releaseHeldAnswers();

        assertLoopClosedOnce("REMEDIATED - verified");
        assertSealedAtRest(env);
    }

    /** The api key of the chaos link never rests in the database in plain text: every table, every column. */
    private void assertSealedAtRest(Map<String, String> env) throws Exception {
        try (var connection = DriverManager.getConnection(env.get("STATE_JDBC_URL"), env.get("STATE_JDBC_USER"),
                env.get("STATE_JDBC_PASSWORD"))) {
            String schema = connection.getSchema();
            List<String> tables;
            try (var rows = connection.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
                tables = new java.util.ArrayList<>();
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("links", "actions", "timeline", "link_follows");
            for (String table : tables) {
                try (var sql = connection.createStatement(); var rows = sql.executeQuery("SELECT * FROM " + table)) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            byte[] value = rows.getBytes(column);
                            String text = value == null ? "" : new String(value, java.nio.charset.StandardCharsets.ISO_8859_1);
                            assertThat(text).as("%s column %d", table, column).doesNotContain(pizza.apiKey());
                        }
                    }
                }
            }
        }
    }

    /**
     * One FIRING, one outcome email and one RESOLVED, threaded on the FIRING; the link called once; the report
     * attached to RESOLVED lists the link and the purchase once each.
     */
    private void assertLoopClosedOnce(String outcome) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> count("[" + outcome + "]") == 1 && count("[RESOLVED]") == 1);
        // a few more checks of the outbox and the rounds pass without anything sent twice
        int queries = processes.loki.queryCount();
        await().atMost(Duration.ofSeconds(20)).until(() -> processes.loki.queryCount() > queries + 6);

        List<String> subjects = processes.subjects();
        assertThat(subjects).filteredOn(s -> s.startsWith("[FIRING]")).hasSize(1);
        assertThat(subjects).filteredOn(s -> s.startsWith("[REMEDIAT") && !s.startsWith("[REMEDIATION UNKNOWN"))
                .as("one outcome email").hasSize(1);
        assertThat(subjects).filteredOn(s -> s.startsWith("[RESOLVED]")).hasSize(1);
        assertThat(pizza.supportRequests()).as("the link is followed at most once").hasSizeLessThanOrEqualTo(1);
        assertThat(pizza.chaosActive()).isFalse();

        MimeMessage firing = email("[FIRING]");
        MimeMessage remediation = email("[" + outcome + "]");
        assertThat(remediation.getHeader("In-Reply-To")).containsExactly(firing.getMessageID());
        String report = SandboxMail.part(email("[RESOLVED]"), "text/markdown");
        assertThat(report).doesNotContain(pizza.apiKey());
        String response = report.substring(report.indexOf("# Response"), report.indexOf("# Root cause"));
        assertThat(occurrences(response, "| remediation |")).as("the link in the report, once:\n" + response)
                .isEqualTo(1);
        assertThat(occurrences(response, "| verification |")).as("the purchase in the report, once:\n" + response)
                .isEqualTo(1);
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** Orders placed at the shop by the product (the verification purchases), not by the six diners. */
    private long orders() {
        return pizza.serviceRequests().stream()
                .filter(request -> request.method().equals("POST") && request.path().equals("/api/order")).count() - 6;
    }

    /** The product's gauge of remediation rounds not finished, from its metrics endpoint. */
    private static double roundsWaiting(ProductProcess product) throws Exception {
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + product.observePort + "/observe/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("logremediation_remediation_rounds_waiting"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(-1);
    }

    private long count(String subjectStart) {
        return processes.subjects().stream().filter(s -> s.startsWith(subjectStart)).count();
    }

    private MimeMessage email(String subjectStart) {
        return processes.mail.received().stream().filter(m -> SandboxMail.subject(m).startsWith(subjectStart))
                .findFirst().orElseThrow();
    }
}
