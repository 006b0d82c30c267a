package dev.logremediation.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** silence add, list and expire through the command line; a mistake is one line, exit code 2, and changes nothing. */
class SilenceCommandTest {

    @TempDir
    Path stateDir;

    @Test
    void addListAndExpire() throws Exception {
        SilenceCli cli = new SilenceCli(stateDir);
        String id = cli.add("--watch", "jwt-pizza-service", "--key", "jwt-pizza-service", "--matching", "POST /api/order",
                "--for", "2h", "--reason", "deploy of 1.4", "--by", "alice", "--no-remediation");
        assertThat(id).matches("s-[0-9a-f]{8}");

        SilenceCli.Outcome list = cli.run("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(id, "watch jwt-pizza-service", "key jwt-pizza-service",
                "matching POST /api/order", "by alice", "no remediation", "deploy of 1.4");

        SilenceCli.Outcome expire = cli.run("expire", id);
        assertThat(expire.exitCode()).isZero();
        assertThat(expire.out()).contains("expired " + id);
        assertThat(cli.run("list").out().trim()).isEqualTo("no silence");
        // ended already: told, nothing changes
        SilenceCli.Outcome again = cli.run("expire", id);
        assertThat(again.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(again.err().trim()).startsWith("silence " + id + " already ended at").doesNotContain("\n");
    }

    @Test
    void badInputIsOneLineExitCodeTwoAndStoresNothing() throws Exception {
        SilenceCli cli = new SilenceCli(stateDir);
        assertMistake(cli.run("add", "--watch", "jwt-pizza-service", "--until", "2020-01-01T00:00:00Z", "--reason",
                "x"), "--until 2020-01-01T00:00:00Z is not in the future: a silence must end after now");
        assertMistake(cli.run("add", "--watch", "jwt-pizza-service", "--until", Instant.now().minusSeconds(5)
                .toString(), "--reason", "x"), "is not in the future");
        assertMistake(cli.run("add", "--watch", "jwt-pizza-service", "--for", "1h", "--matching", "POST (/api",
                "--reason", "x"), "--matching \"POST (/api\" is not a regular expression: Unclosed group");
        assertMistake(cli.run("add", "--watch", "jwt-pizza-servce", "--for", "1h", "--reason", "x"),
                "--watch jwt-pizza-servce: no such watch (the watches are jwt-pizza-service)");
        assertMistake(cli.run("add", "--watch", "jwt-pizza-service", "--for", "soon", "--reason", "x"),
                "--for \"soon\" is not a duration");
        assertMistake(cli.run("add", "--watch", "jwt-pizza-service", "--for", "1h", "--until", "2030-01-01T00:00:00Z",
                "--reason", "x"), "mutually exclusive");
        assertMistake(cli.run("expire", "s-00000000"), "silence s-00000000: no such silence (silence list shows them)");
        assertThat(cli.run("list").out().trim()).isEqualTo("no silence");
    }

    @Test
    void aMaintenanceWindowOfAnUnknownWatchOrABadCronIsAProblemValidateNames() throws Exception {
        for (String window : new String[] {"jwt-pizza-servce=0 0 2 ? * SUN@2h", "jwt-pizza-service=0 0 2 ? * FUNDAY@2h",
                "jwt-pizza-service@2h"}) {
            Path config = stateDir.resolve("maintenance.properties");
            java.nio.file.Files.writeString(config, "state.dir=" + stateDir.toString().replace("\\", "/")
                    + "\noncall.maintenance=" + window + "\n");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int code = LogRemediation.run(new String[] {"validate", "--offline", "--config=" + config},
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err);
            assertThat(code).isEqualTo(ExitCode.BAD_CONFIGURATION);
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("problem: Invalid setting oncall.maintenance=\"" + window.replace("@2h", ""));
        }
    }

    private static void assertMistake(SilenceCli.Outcome outcome, String message) {
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(outcome.out()).isEmpty();
        assertThat(outcome.err()).contains(message);
        assertThat(outcome.err().lines().findFirst().orElseThrow()).contains(message);
    }
}
