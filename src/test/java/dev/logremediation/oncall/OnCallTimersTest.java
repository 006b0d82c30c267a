package dev.logremediation.oncall;

import dev.logremediation.config.Watch;
import dev.logremediation.notify.MaintenanceWindows;
import dev.logremediation.notify.Silence;
import dev.logremediation.notify.Silencing;
import dev.logremediation.state.StateDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The on-call loop's timers in the state database when the world changes under them: settings changed by a restart
 * while incidents fire, and a silence begun after an incident's FIRING email. Driven by a clock the test moves.
 */
class OnCallTimersTest {

    private static final Instant FIRED = Instant.parse("2026-12-03T08:00:00Z");
    private static final Watch WATCH = new Watch("shop", "{app=\"shop\"}", 5, Duration.ofMinutes(1),
            Duration.ofMinutes(1), List.of("oncall@example.com"), Duration.ZERO);

    @TempDir
    Path stateDir;
    private StateDatabase database;
    private Instant now = FIRED;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void openState() {
        database = StateDatabase.open(stateDir, "", "", "");
    }

    @AfterEach
    void closeState() {
        database.stop();
    }

    /** The loop as an instance started with these settings sees it. */
    private OnCallLoop loop(String remindEvery, String escalation) {
        return new OnCallLoop(database.pages(), new OnCallRecipients(OnCallSchedule.none(),
                List.of("oncall@example.com"), clock), dev.logremediation.config.SettingValues.duration("remind",
                remindEvery), EscalationPolicy.parse(escalation), () -> List.of(WATCH), database.silences(),
                new Silencing(database.silences(), MaintenanceWindows.parse("", ZoneOffset.UTC), clock),
                incidentId -> false, clock);
    }

    private void fire(OnCallLoop loop, String incidentId, String key) {
        database.pages().open(Page.opened(incidentId, "shop", key, "digest-" + incidentId,
                List.of("oncall@example.com"), List.of(), FIRED));
        loop.released(incidentId);
    }

    private static List<String> describe(List<OnCallLoop.Duty> duties) {
        return duties.stream().map(duty -> duty.page().incidentId() + " " + (duty.escalation() ? "level " : "reminder ")
                + duty.number()).toList();
    }

    @Test
    void escalationLevelsRemovedByARestartEndTheEscalationAndHoldUpNoOtherIncident() {
        OnCallLoop before = loop("30m", "10m=lead@example.com;20m=team@example.com");
        fire(before, "a", "a");
        now = FIRED.plus(Duration.ofMinutes(10));
        List<OnCallLoop.Duty> first = before.due();
        assertThat(describe(first)).containsExactly("a level 1");
        first.forEach(before::done);
        fire(before, "b", "b");

        // restarted with one level only, while incident a waits for its second and b (fired at 10m) for its first
        OnCallLoop after = loop("30m", "10m=lead@example.com");
        now = FIRED.plus(Duration.ofMinutes(20));
        List<OnCallLoop.Duty> due = after.due();
        assertThat(describe(due)).containsExactly("b level 1");
        due.forEach(after::done);
        assertThat(database.pages().byIncident("a").orElseThrow().nextEscalationAt()).isNull();
        now = FIRED.plus(Duration.ofMinutes(30));
        assertThat(describe(after.due())).containsExactly("a reminder 1");
    }

    @Test
    void remindersTurnedOffByARestartStopThoseAlreadyDue() {
        OnCallLoop before = loop("5m", "");
        fire(before, "a", "a");
        now = FIRED.plus(Duration.ofMinutes(6));

        OnCallLoop after = loop("0", "");
        assertThat(after.due()).isEmpty();
        now = now.plusSeconds(1);
        assertThat(after.due()).isEmpty();
        assertThat(database.pages().byIncident("a").orElseThrow().nextReminderAt()).isNull();
    }

    @Test
    void aSilenceBegunAfterTheFiringEmailHoldsRemindersAndEscalationUntilItEnds() {
        OnCallLoop loop = loop("5m", "12m=lead@example.com");
        fire(loop, "a", "a");
        fire(loop, "b", "b");
        database.silences().add(new Silence("s-deploy", "shop", "a", null, FIRED.plusSeconds(60),
                FIRED.plus(Duration.ofMinutes(15)), "deploy", "alice", true));

        now = FIRED.plus(Duration.ofMinutes(5));
        List<OnCallLoop.Duty> due = loop.due();
        assertThat(describe(due)).containsExactly("b reminder 1");
        due.forEach(loop::done);
        now = FIRED.plus(Duration.ofMinutes(12));
        due = loop.due();
        assertThat(describe(due)).containsExactly("b level 1");
        due.forEach(loop::done);

        now = FIRED.plus(Duration.ofMinutes(15));
        assertThat(describe(loop.due())).containsExactly("a level 1");
    }
}
