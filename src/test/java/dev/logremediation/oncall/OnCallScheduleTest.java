package dev.logremediation.oncall;

import dev.logremediation.config.ConfigurationProblems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Who is on call: turns across a hand-off, a daylight-saving change, overrides; and the file's problems by line. */
class OnCallScheduleTest {

    /** Weekly turns on Sundays at 02:30 in Berlin: on 2026-03-29 (the last Sunday of March) 02:30 does not exist. */
    private static final String BERLIN_WEEKLY = """
            rotations:
              - name: primary
                zone: Europe/Berlin
                turns: weekly
                handoffDay: sunday
                handoffTime: "02:30"
                start: 2026-03-01
                people:
                  - name: Ada
                    email: ada@example.com
                  - name: Bob
                    email: bob@example.com
                  - email: carol@example.com
              - name: secondary
                zone: America/New_York
                turns: daily
                handoffTime: "09:00"
                start: 2026-03-01
                people:
                  - email: eve@example.com
                  - email: frank@example.com
            overrides:
              - name: Dave
                email: dave@example.com
                rotation: primary
                from: 2026-03-30T00:00:00Z
                until: 2026-03-31T00:00:00Z
            """;

    @TempDir
    Path dir;

    private OnCallSchedule read(String yaml) throws IOException {
        Path file = dir.resolve("schedule.yaml");
        Files.writeString(file, yaml);
        return ScheduleFile.read(file.toString());
    }

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    @Test
    void theTurnChangesHandsAtTheHandoffTimeInTheRotationsZone() throws IOException {
        OnCallSchedule schedule = read(BERLIN_WEEKLY);

        // Sunday 2026-03-15 02:30 CET is 01:30 UTC: Ada's first week (from 03-01), Bob's (03-08), then Carol's
        assertThat(schedule.onCall("primary", at("2026-03-15T01:29:59Z"))).get()
                .satisfies(shift -> assertThat(shift.person().email()).isEqualTo("bob@example.com"));
        Shift carol = schedule.onCall("primary", at("2026-03-15T01:30:00Z")).orElseThrow();
        assertThat(carol.person().name()).as("no name given: the address").isEqualTo("carol@example.com");
        assertThat(carol.since()).isEqualTo(at("2026-03-15T01:30:00Z"));
        assertThat(carol.until()).isEqualTo(at("2026-03-22T01:30:00Z"));
        assertThat(carol.override()).isFalse();
        // daily turns in New York at 09:00 EDT (13:00 UTC; the US changed clocks on 2026-03-08): the turn of
        // 03-09 (the ninth, Eve's) until 09:00 on 03-10, then Frank's
        assertThat(schedule.onCall("secondary", at("2026-03-10T12:59:00Z")).orElseThrow().person().email())
                .isEqualTo("eve@example.com");
        assertThat(schedule.onCall("secondary", at("2026-03-10T13:00:00Z")).orElseThrow().person().email())
                .isEqualTo("frank@example.com");
    }

    @Test
    void aHandoffInTheHourTheClocksSkipHappensWhenTheClocksHaveMovedOn() throws IOException {
        OnCallSchedule schedule = read(BERLIN_WEEKLY);

        // 2026-03-29 02:00 CET becomes 03:00 CEST: the 02:30 hand-off is at 03:30 CEST, 01:30 UTC
        Shift ada = schedule.onCall("primary", at("2026-03-29T01:29:59Z")).orElseThrow();
        assertThat(ada.person().email()).isEqualTo("ada@example.com");
        assertThat(ada.until()).isEqualTo(at("2026-03-29T01:30:00Z"));
        Shift bob = schedule.onCall("primary", at("2026-03-29T01:30:00Z")).orElseThrow();
        assertThat(bob.person().email()).isEqualTo("bob@example.com");
        // and the next one at 02:30 CEST again, 00:30 UTC: six days and 23 hours
        assertThat(bob.until()).isEqualTo(at("2026-04-05T00:30:00Z"));
    }

    @Test
    void anOverrideTakesTheRotationForItsTimeOnly() throws IOException {
        OnCallSchedule schedule = read(BERLIN_WEEKLY);

        Shift dave = schedule.onCall("primary", at("2026-03-30T12:00:00Z")).orElseThrow();
        assertThat(dave.person()).isEqualTo(new Person("Dave", "dave@example.com"));
        assertThat(dave.override()).isTrue();
        assertThat(dave.since()).isEqualTo(at("2026-03-30T00:00:00Z"));
        assertThat(dave.until()).isEqualTo(at("2026-03-31T00:00:00Z"));
        assertThat(schedule.onCall("primary", at("2026-03-31T00:00:00Z")).orElseThrow().person().email())
                .isEqualTo("bob@example.com");
        assertThat(schedule.onCall("secondary", at("2026-03-30T12:00:00Z")).orElseThrow().override())
                .as("another rotation's override").isFalse();
    }

    @Test
    void nobodyIsOnCallBeforeTheFirstTurn() throws IOException {
        assertThat(read(BERLIN_WEEKLY).onCall("primary", at("2026-03-01T01:29:59Z"))).isEmpty();
    }

    @Test
    void overlappingOverridesOfOneRotationAreRefusedWithTheirLines() {
        String yaml = BERLIN_WEEKLY + """
                  - email: grace@example.com
                    from: 2026-03-30T23:00:00Z
                    until: 2026-04-01T00:00:00Z
                  - email: heidi@example.com
                    rotation: secondary
                    from: 2026-03-31T12:00:00Z
                    until: 2026-03-31T13:00:00Z
                """;
        ConfigurationProblems refused = catchThrowableOfType(() -> read(yaml), ConfigurationProblems.class);

        // Grace covers every rotation, so she overlaps Dave (line 23) within primary and Heidi within secondary
        String file = "oncall.schedule-file " + dir.resolve("schedule.yaml");
        assertThat(refused.problems()).containsExactly(
                file + " line 28: override for grace@example.com overlaps the override at line 23 within rotation"
                        + " primary: one person at a time, so shorten one",
                file + " line 31: override for heidi@example.com overlaps the override at line 28 within rotation"
                        + " secondary: one person at a time, so shorten one");
    }

    @Test
    void everyProblemOfTheFileIsOneLineNamingItsLine() {
        String yaml = """
                rotations:
                  - name: primary
                    zone: Europe/Berlinn
                    turns: weekly
                    handoffDay: sundy
                    handoffTime: "25:30"
                    start: 2026-03-01
                    colour: blue
                    people:
                      - name: Ada
                """;
        ConfigurationProblems refused = catchThrowableOfType(() -> read(yaml), ConfigurationProblems.class);

        assertThat(refused.problems()).map(problem -> problem.substring(problem.indexOf(" line "))).containsExactly(
                " line 3: zone \"Europe/Berlinn\" is not an IANA time zone such as Europe/Berlin",
                " line 5: handoffDay \"sundy\" is not a weekday such as monday",
                " line 6: handoffTime \"25:30\" is not a time of day such as 09:00",
                " line 8: unknown field colour in a rotation (the fields are handoffDay, handoffTime, name, people,"
                        + " start, turns, zone)",
                " line 10: missing email (an email address)");
    }

    @Test
    void aFileThatIsNotYamlIsRefusedAtTheLineTheParserStopped() {
        ConfigurationProblems refused = catchThrowableOfType(() -> read("rotations:\n  - name: primary\n"
                + "    people: [ada@example.com\n"), ConfigurationProblems.class);

        assertThat(refused.problems()).singleElement().asString().contains(" line 4: is not YAML: ");
    }
}
