package dev.logremediation.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: help per command, and usage mistakes told in one line with exit code 2. */
class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LogRemediation.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("run", "once", "replay", "validate", "demo")
                .contains("Exit codes: 0 done; 1 incidents found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"once", "replay", "validate", "demo", "run"})
    void everyCommandHasItsOwnHelp(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar target/log-remediation.jar " + command)
                .contains("--config=FILE");
    }

    @Test
    void theOptionsOfOnceAreListedInItsHelp() {
        run("help", "once");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--from=TIME", "--to=TIME", "--dry-run", "--report=FILE",
                "--report-format=F", "--fail-on-incident");
    }

    @Test
    void anUnknownOptionOrAMissingFileIsAUsageError() {
        assertThat(run("once", "--bogus")).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Unknown option: '--bogus'");
        err.reset();
        assertThat(run("replay")).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Missing required parameter: 'FILE'");
    }
}
