package dev.logremediation.oncall;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.Watch;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** rotation:NAME among a watch's recipients becomes the person on call; addresses stay as written. */
class OnCallRecipientsTest {

    private static final Rotation PRIMARY = new Rotation("primary", List.of(new Person("Ada", "ada@example.com"),
            new Person("Bob", "bob@example.com")), Rotation.Turns.WEEKLY, DayOfWeek.MONDAY, LocalTime.of(9, 0),
            ZoneId.of("UTC"), LocalDate.parse("2026-03-02"));
    private static final OnCallSchedule SCHEDULE = new OnCallSchedule(List.of(PRIMARY), List.of());
    private static final Clock SECOND_WEEK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);

    private final OnCallRecipients onCall = new OnCallRecipients(SCHEDULE, List.of("oncall@example.com"), SECOND_WEEK);

    private static Watch watchTo(String... recipients) {
        return new Watch("shop", "{app=\"shop\"}", 5, Duration.ofMinutes(1), Duration.ofMinutes(1),
                List.of(recipients), Duration.ZERO);
    }

    @Test
    void anIncidentGoesToWhoeverWasOnCallWhenItFiredBesideTheAddresses() {
        Watch addressed = onCall.addressed(watchTo("rotation:primary", "lead@example.com"),
                Instant.parse("2026-03-03T00:00:00Z"));

        assertThat(addressed.recipients()).containsExactly("ada@example.com", "lead@example.com");
        assertThat(addressed.name()).isEqualTo("shop");
    }

    @Test
    void beforeTheFirstTurnTheIncidentGoesToMailTo() {
        assertThat(onCall.addressed(watchTo("rotation:primary"), Instant.parse("2026-03-02T08:59:59Z")).recipients())
                .containsExactly("oncall@example.com");
    }

    @Test
    void anEmailAboutAWatchGoesToWhoeverIsOnCallNow() {
        assertThat(onCall.addressesNow(List.of("rotation:primary"), "[BLIND] shop")).containsExactly("bob@example.com");
        assertThat(onCall.addressesNow(List.of("ops@example.com"), "[BLIND] shop")).containsExactly("ops@example.com");
        // the person on call written beside the rotation, in another case, is emailed once
        assertThat(onCall.addressesNow(List.of("Bob@Example.com", "rotation:primary"), "[BLIND] shop"))
                .containsExactly("Bob@Example.com");
    }

    @Test
    void aWatchNamingAnUndefinedRotationIsTold() {
        assertThat(onCall.unknownRotations(List.of(watchTo("rotation:primary"), watchTo("rotation:db")),
                Map.of("shop", "routes/watches.camel.yaml line 9"))).containsExactly("routes/watches.camel.yaml line 9:"
                + " watch shop parameter recipients names rotation:db, which oncall.schedule-file does not define"
                + " (its rotations: primary)");
    }

    @Test
    void mailToMustHoldAddressesSinceItIsTheFallback() {
        assertThatThrownBy(() -> new OnCallRecipients(SCHEDULE, List.of("rotation:primary"), SECOND_WEEK))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("mail.to");
    }
}
