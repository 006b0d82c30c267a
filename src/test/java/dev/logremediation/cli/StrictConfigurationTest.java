package dev.logremediation.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.logremediation.cli.ValidateAndReplayTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A key or watch parameter the product cannot use stops every start and fails validate, with a line on what to fix. */
class StrictConfigurationTest {

    private static final String TYPO = "unknown setting incident.treshold in application.properties: did you mean"
            + " incident.threshold?";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream print = new PrintStream(out, true);
        return LogRemediation.run(args, print, print);
    }

    @Test
    void aMisspeltKeyFailsValidateWithADidYouMean(@TempDir Path dir) throws Exception {
        Path config = config(dir, List.of("incident.treshold=2"), null);

        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("problem: " + TYPO + "\n").doesNotContain("configuration OK");
    }

    @Test
    void aMisspeltKeyStopsTheStartBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path config = config(dir, List.of("incident.treshold=2"), null);

        assertThat(run("once", "--from", "-1m", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).isEqualTo("log-remediation: " + TYPO + "\n");
    }

    @Test
    void anUnknownKeyNamesTheSettingsOfItsPrefixAndKeysOfOthersAreLeftAlone(@TempDir Path dir) throws Exception {
        Path config = config(dir, List.of("mail.colour=blue", "watch.nonsense=1", "myteam.owner=alice",
                "camel.main.name=log-remediation-test"), null);

        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString())
                .contains("problem: unknown setting mail.colour in application.properties: no setting has that name"
                        + " (the mail.* settings are mail.from, mail.host,")
                .contains("problem: unknown setting watch.nonsense in application.properties: ")
                .doesNotContain("myteam.owner")
                .doesNotContain("camel.main.name");
    }

    @Test
    void aReplyToThatIsNoAddressFailsValidate(@TempDir Path dir) throws Exception {
        Path config = config(dir, List.of("mail.reply-to=the on-call mailbox"), null);

        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("problem: Invalid setting mail.reply-to=\"the on-call mailbox\": expected"
                + " one email address");
    }

    @Test
    void anUnknownOverrideIsRefusedToo() {
        assertThatThrownBy(() -> Application.start(Path.of("application.properties"), Map.of("incident.treshold", "2")))
                .hasMessage("unknown setting incident.treshold in the overriding settings: did you mean"
                        + " incident.threshold?");
    }

    @Test
    void aBadWatchParameterStopsTheStartNamingTheWatchAndTheParameter(@TempDir Path dir) throws Exception {
        String badWatch = """
                - templatedRoute:
                    routeTemplateRef: poll-loki
                    routeId: watch-broken
                    parameters:
                      - name: name
                        value: broken
                      - name: query
                        value: '{component="broken"}'
                      - name: threshold
                        value: abc
                """;
        Path config = config(dir, List.of(), badWatch);
        String problem = "Invalid setting watch broken parameter threshold=\"abc\": expected a whole number above 0";

        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("problem: " + problem + "\n").doesNotContain("configuration OK");

        out.reset();
        assertThat(run("once", "--from", "-1m", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).isEqualTo("log-remediation: " + problem + "\n");
    }

    @Test
    void aChannelIsDefinedByItsOwnKeysAndAWatchNamingOneUndefinedStopsTheStart(@TempDir Path dir) throws Exception {
        Path config = config(Files.createDirectories(dir.resolve("case1")), List.of("channel.team-chat.type=slack", "channel.team-chat.typ=slack"), null);
        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("problem: unknown setting channel.team-chat.typ in application.properties:"
                + " a channel is defined by channel.<name>.type, channel.<name>.url and channel.<name>.url-file")
                .doesNotContain("channel.team-chat.type in");

        out.reset();
        config = config(Files.createDirectories(dir.resolve("case2")), List.of("notify.channels=email,tickets"), null);
        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("problem: watch jwt-pizza-service parameter channels: Invalid setting"
                + " channel.tickets.type=\"\": expected webhook or slack: channel tickets is named by a watch but not"
                + " defined (set channel.tickets.type and its URL in CHANNEL_TICKETS_URL or channel.tickets.url-file)\n");

        out.reset();
        config = config(Files.createDirectories(dir.resolve("case3")), List.of("notify.channels=email,team-chat", "channel.team-chat.type=slack"), null);
        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("channels: Invalid setting channel.team-chat.url=\"\": expected an http(s)"
                + " URL, from CHANNEL_TEAM_CHAT_URL or the file named by channel.team-chat.url-file\n");

        out.reset();
        Path url = Files.writeString(dir.resolve("team-chat-url"), "https://hooks.slack.example/services/T0/B0/s3cretTok\n");
        config = config(Files.createDirectories(dir.resolve("case4")), List.of("notify.channels=email,team-chat", "channel.team-chat.type=slack",
                "channel.team-chat.url-file=" + url), null);
        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.DONE);
        assertThat(out.toString()).doesNotContain("s3cretTok");
    }

    @Test
    void anyTextIsAValidQueryAndRecipient(@TempDir Path dir) throws Exception {
        String oddWatch = """
                - templatedRoute:
                    routeTemplateRef: poll-loki
                    parameters:
                      - name: name
                        value: odd
                      - name: query
                        value: '{component="odd"} != "can''t {{x}} ${x} \\\\ \\" happen"'
                      - name: recipients
                        value: "o'brien@example.com, {{x}}${x}@example.com"
                """;
        Path config = config(dir, List.of(), oddWatch);

        assertThat(run("validate", "--offline", "--config", config.toString())).as(out.toString()).isEqualTo(ExitCode.DONE);
        assertThat(out.toString()).contains("checked 2 watch(es)").contains("configuration OK");
    }
}
