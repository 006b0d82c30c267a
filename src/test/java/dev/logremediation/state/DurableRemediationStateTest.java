package dev.logremediation.state;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.notify.OutgoingEmail;
import dev.logremediation.pipeline.TestPostgres;
import dev.logremediation.remediate.RemediationOutcome;
import dev.logremediation.remediate.RemediationResult;
import dev.logremediation.remediate.RemediationRound;
import dev.logremediation.report.TimelineEntry;
import dev.logremediation.verify.PurchaseStep;
import dev.logremediation.verify.PurchaseVerdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the state database keeps for remediation, on H2 and PostgreSQL: rounds, sealed links, the timeline, the budget. */
class DurableRemediationStateTest {

    private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
    private static final String OTHER_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    private static final String API_KEY = "0123456789abcdef0123456789abcdef";
    private static final String LINK = "https://pizza-factory.cs329.click/api/support/" + API_KEY + "/report/k3x9q2ab";

    @TempDir
    Path stateDir;
    private final List<StateDatabase> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(StateDatabase::stop);
    }

    private StateDatabase h2() {
        StateDatabase database = StateDatabase.open(stateDir, "", "", "");
        opened.add(database);
        return database;
    }

    private static RemediationRound round(String id) {
        return new RemediationRound(id, "watch/key/1", "jwt-pizza-service", List.of("oncall@example.com"), "",
                List.of("d1"), List.of("https://pizza-factory.cs329.click/api/support/0123****/report/k3x9q2ab"));
    }

    @Test
    void aRoundIsPlannedOnceClaimedWithALeaseAndKeepsEveryStepAcrossAReopen() {
        StateDatabase database = h2();
        RemediationActions actions = database.remediationActions(Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofMillis(1));
        assertThat(actions.plan(round("watch/key/1|firing"), Duration.ZERO)).isTrue();
        assertThat(actions.plan(round("watch/key/1|firing"), Duration.ZERO)).as("a re-read plans nothing twice").isFalse();

        RemediationRound claimed = actions.claimDue().get(0);
        claimed.sending("d1");
        actions.checkpoint(claimed);
        claimed.answered("d1", new RemediationResult("masked", RemediationOutcome.RESOLVED, 200, "HTTP 200",
                Instant.now()));
        claimed.verified(new PurchaseVerdict(true, PurchaseVerdict.Reason.PASSED, "order 7 sold",
                List.of(new PurchaseStep("POST", "/api/order", 200, 13)), 7L, Instant.now()));
        claimed.moveTo(RemediationRound.Stage.VERIFY);
        actions.save(claimed, Duration.ZERO);
        database.stop();

        RemediationActions reopened = h2().remediationActions(Duration.ofMinutes(1), Duration.ofMillis(1),
                Duration.ofMillis(1));
        List<RemediationRound> due = reopened.claimDue();
        assertThat(due).singleElement().satisfies(round -> {
            assertThat(round.stage()).isEqualTo(RemediationRound.Stage.VERIFY);
            assertThat(round.interruptedLink()).isNull();
            assertThat(round.results()).extracting(RemediationResult::outcome).containsExactly(RemediationOutcome.RESOLVED);
            assertThat(round.verdict().passed()).isTrue();
            assertThat(round.linksToTry()).isEmpty();
        });
        assertThat(reopened.claimDue()).as("claimed for a lease: nobody else takes it").isEmpty();
        assertThat(reopened.backlog().waiting()).isEqualTo(1);

        RemediationRound finished = due.get(0);
        finished.moveTo(RemediationRound.Stage.DONE);
        reopened.save(finished, Duration.ZERO);
        assertThat(reopened.backlog().waiting()).isZero();
    }

    @Test
    void aRowThatCannotBeReadIsSetAsideAndCountedAsFailingNotRetried() throws Exception {
        Map<String, String> postgres = TestPostgres.freshSchema("damaged");
        StateDatabase database = StateDatabase.open(stateDir, postgres.get("STATE_JDBC_URL"),
                postgres.get("STATE_JDBC_USER"), postgres.get("STATE_JDBC_PASSWORD"));
        opened.add(database);
        RemediationActions actions = database.remediationActions(Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofMillis(1));
        actions.plan(round("watch/key/1|firing"), Duration.ZERO);
        try (var connection = DriverManager.getConnection(postgres.get("STATE_JDBC_URL"), postgres.get("STATE_JDBC_USER"),
                postgres.get("STATE_JDBC_PASSWORD")); var sql = connection.createStatement()) {
            sql.execute("UPDATE actions SET round = decode('deadbeef', 'hex')");
        }

        assertThat(actions.claimDue()).isEmpty();
        assertThat(actions.claimDue()).as("set aside, not retried").isEmpty();
        assertThat(actions.backlog().failing()).isEqualTo(1);
    }

    @Test
    void linksAreSealedUnderTheKeyAndAWrongKeyIsAStartUpErrorNamingTheSetting() throws Exception {
        StateDatabase database = h2();
        SealedLinks links = database.sealedLinks(KEY);
        links.store("digest-1", LINK);
        assertThat(links.open("digest-1")).contains(LINK);
        assertThat(database.sealedLinks("").open("digest-1")).as("without the key, nothing opens").isEmpty();
        database.stop();
        assertThat(Files.readAllBytes(stateDir.resolve("state.mv.db")))
                .asString(StandardCharsets.ISO_8859_1).doesNotContain(API_KEY);

        StateDatabase reopened = h2();
        assertThat(reopened.sealedLinks(KEY).open("digest-1")).contains(LINK);
        assertThatThrownBy(() -> reopened.sealedLinks(OTHER_KEY)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("state.link-key").hasMessageNotContaining(OTHER_KEY);
        assertThatThrownBy(() -> reopened.sealedLinks("not base64!")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("state.link-key").hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void anEmailWaitingInTheOutboxRestsSealedUnderTheLinkKey() throws Exception {
        Map<String, String> postgres = TestPostgres.freshSchema("outbox");
        StateDatabase database = StateDatabase.open(stateDir, postgres.get("STATE_JDBC_URL"),
                postgres.get("STATE_JDBC_USER"), postgres.get("STATE_JDBC_PASSWORD"));
        opened.add(database);
        Outbox outbox = database.outbox(database.sealedLinks(KEY), Duration.ZERO, Duration.ZERO, Duration.ZERO);
        OutgoingEmail firing = new OutgoingEmail(List.of("oncall@example.com"), "[FIRING] shop", "<m@x>", null,
                "Open " + LINK, "<a href=\"" + LINK + "\">" + LINK + "</a>", "incident|FIRING");
        assertThat(outbox.enqueue(firing)).isTrue();

        try (var connection = DriverManager.getConnection(postgres.get("STATE_JDBC_URL"), postgres.get("STATE_JDBC_USER"),
                postgres.get("STATE_JDBC_PASSWORD")); var sql = connection.createStatement();
             var rows = sql.executeQuery("SELECT email FROM outbox")) {
            assertThat(rows.next()).isTrue();
            assertThat(new String(rows.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(API_KEY);
        }
        assertThat(outbox.claimDue()).singleElement().isInstanceOfSatisfying(OutgoingEmail.class,
                email -> assertThat(email.text()).contains(LINK));
    }

    @Test
    void theTimelineKeepsEachEntryOnceAndTheBudgetCountsAcrossAReopen() {
        StateDatabase database = h2();
        DurableTimeline timeline = database.timeline();
        TimelineEntry followed = new TimelineEntry(Instant.now(), "remediation", "resolved: masked link");
        timeline.add("incident-1", "round|link|d1", followed);
        timeline.add("incident-1", "round|link|d1", followed);
        assertThat(database.hostBudget().trySpend("pizza-factory.cs329.click", 2)).isTrue();
        database.stop();

        StateDatabase reopened = h2();
        assertThat(reopened.timeline().of("incident-1")).singleElement().extracting(TimelineEntry::detail)
                .isEqualTo("resolved: masked link");
        HostBudget budget = reopened.hostBudget();
        assertThat(budget.trySpend("pizza-factory.cs329.click", 2)).isTrue();
        assertThat(budget.spent("pizza-factory.cs329.click", 2)).isTrue();
        assertThat(budget.trySpend("pizza-factory.cs329.click", 2)).as("a restart does not reset the budget").isFalse();
    }
}
