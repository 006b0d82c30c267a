package dev.logremediation.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** oncall who, and what validate says of a schedule file and of a watch naming a rotation, line by line. */
class OnCallCommandTest {

    private static final String SCHEDULE = """
            rotations:
              - name: primary
                zone: Europe/Berlin
                turns: weekly
                handoffDay: sunday
                handoffTime: "02:30"
                start: 2026-03-01
                people:
                  - name: Ada Lovelace
                    email: ada@example.com
                  - name: Bob
                    email: bob@example.com
              - name: secondary
                zone: UTC
                turns: daily
                handoffTime: "09:00"
                start: 2026-03-01
                people:
                  - email: eve@example.com
            overrides:
              - name: Dave
                email: dave@example.com
                rotation: secondary
                from: 2026-03-29T00:00:00Z
                until: 2026-03-30T00:00:00Z
            """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return LogRemediation.run(args, print, print);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path configWithSchedule(String schedule, String extraRouteFile) throws IOException {
        Path file = Files.writeString(dir.resolve("schedule.yaml"), schedule);
        return ValidateAndReplayTest.config(dir, List.of("oncall.schedule-file=" + file), extraRouteFile);
    }

    @Test
    void whoTellsEachRotationsPersonSinceUntilAndOverride() throws IOException {
        Path config = configWithSchedule(SCHEDULE, null);

        assertThat(run("oncall", "who", "--config", config.toString(), "--at", "2026-03-29T01:30:00Z")).isZero();

        // Ada's third turn (Ada, Bob, Ada, Bob, Ada from 03-01); Berlin's 02:30 hand-off on the day the clocks skip from 02:00 to 03:00 happens at 03:30 CEST
        assertThat(output()).isEqualToNormalizingNewlines("""
                on call at 2026-03-29T01:30:00Z:
                ROTATION   PERSON        EMAIL             SINCE                      UNTIL                      OVERRIDE
                primary    Ada Lovelace  ada@example.com   2026-03-29T03:30:00+02:00  2026-04-05T02:30:00+02:00  no
                secondary  Dave          dave@example.com  2026-03-29T00:00:00Z       2026-03-30T00:00:00Z       yes
                """);
    }

    @Test
    void whoOfOneRotation() throws IOException {
        Path config = configWithSchedule(SCHEDULE, null);

        assertThat(run("oncall", "who", "--config", config.toString(), "--at", "2026-03-28T12:00:00Z",
                "--rotation", "primary")).isZero();

        assertThat(output().lines()).hasSize(3).last().asString()
                .isEqualTo("primary   Bob     bob@example.com  2026-03-22T02:30:00+01:00  2026-03-29T03:30:00+02:00  no");
    }

    @Test
    void anUnknownRotationOrNoScheduleOrNoSubcommandIsAUsageError() throws IOException {
        Path config = configWithSchedule(SCHEDULE, null);
        assertThat(run("oncall", "who", "--config", config.toString(), "--rotation", "tertiary")).isEqualTo(2);
        assertThat(output()).startsWith("--rotation tertiary: " + dir.resolve("schedule.yaml")
                + " defines primary, secondary");
        out.reset();

        Path noSchedule = ValidateAndReplayTest.config(dir.resolve("plain"), List.of(), null);
        assertThat(run("oncall", "who", "--config", noSchedule.toString())).isEqualTo(2);
        assertThat(output()).startsWith("oncall.schedule-file is empty: there is no schedule to ask");
        out.reset();

        assertThat(run("oncall", "who", "--config", config.toString(), "--at", "yesterday")).isEqualTo(2);
        assertThat(output()).startsWith("--at \"yesterday\" is not a time");
        out.reset();

        assertThat(run("oncall")).isEqualTo(2);
        assertThat(output()).startsWith("Missing required subcommand");
    }

    @Test
    void validateNamesTheLineOfEachProblemOfTheSchedule() throws IOException {
        Path config = configWithSchedule(SCHEDULE.replace("zone: UTC", "zone: Mars/Olympus")
                .replace("    handoffDay: sunday", "    handoffDay: sunday\n    colour: blue")
                .replace("      - email: eve@example.com", "      - name: Eve")
                .replace("from: 2026-03-29T00:00:00Z", "from: 2026-03-29T00:00:00Z\n    until: 2026-03-29T06:00:00Z")
                + """
                  - email: mallory@example.com
                    from: 2026-03-29T05:00:00Z
                    until: 2026-03-29T07:00:00Z
                """, null);

        assertThat(run("validate", "--offline", "--config", config.toString())).as(output()).isEqualTo(2);

        String file = "problem: oncall.schedule-file " + dir.resolve("schedule.yaml");
        assertThat(output().lines().filter(line -> line.startsWith("problem:"))).containsExactly(
                file + " line 6: unknown field colour in a rotation (the fields are handoffDay, handoffTime, name,"
                        + " people, start, turns, zone)",
                file + " line 15: zone \"Mars/Olympus\" is not an IANA time zone such as Europe/Berlin",
                file + " line 20: missing email (an email address)",
                file + " line 27: field until appears twice in an override",
                file + " line 28: override for mallory@example.com overlaps the override at line 22 within rotation"
                        + " secondary: one person at a time, so shorten one");
    }

    @Test
    void validateNamesTheLineOfAWatchNamingARotationTheScheduleLacks() throws IOException {
        String watch = """
                - templatedRoute:
                    routeTemplateRef: poll-loki
                    routeId: watch-franchise-shop
                    parameters:
                      - name: name
                        value: franchise-shop
                      - name: query
                        value: '{component="franchise-shop"}'
                      - name: recipients
                        value: rotation:tertiary, shop@example.com
                """;
        Path config = configWithSchedule(SCHEDULE, watch);

        assertThat(run("validate", "--offline", "--config", config.toString())).as(output()).isEqualTo(2);

        assertThat(output().lines().filter(line -> line.startsWith("problem:"))).containsExactly("problem: "
                + dir.resolve("routes/extra.camel.yaml") + " line 10: watch franchise-shop parameter recipients names"
                + " rotation:tertiary, which oncall.schedule-file does not define (its rotations: primary, secondary)");
    }
}
