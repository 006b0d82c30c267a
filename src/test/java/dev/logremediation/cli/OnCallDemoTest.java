package dev.logremediation.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo --scenario oncall} as a user runs it: remediation off, the story of the on-call loop told by the emails
 * it prints, in order, and exit code 0.
 */
class OnCallDemoTest {

    @Test
    void theOnCallDemoShowsFiringAReminderAnAcknowledgementByReplyAndResolved() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = LogRemediation.run(new String[] {"demo", "--scenario", "oncall"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).containsSubsequence(": [FIRING] ", ": [REMINDER 1] ",
                "oncall@demo.local replies \"ack\"", ": [ACK] ", "acknowledged by oncall@demo.local", ": [RESOLVED] ",
                "Demo complete")
                .doesNotContain("[ESCALATED]", "[REMEDIATED", "lead@demo.local told");
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = LogRemediation.run(new String[] {"demo", "--scenario", "chaos"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exitCode).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Unknown --scenario 'chaos': remediation or oncall");
    }
}
