package dev.logremediation.cli;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** validate names each problem; replay finds incidents in saved logs without Loki. */
class ValidateAndReplayTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** The project's configuration with some lines replaced, and the project's routes plus extra route files. */
    static Path config(Path dir, List<String> replacements, String extraRouteFile) throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        if (extraRouteFile != null) {
            Files.writeString(routes.resolve("extra.camel.yaml"), extraRouteFile);
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("application.properties")));
        for (String replacement : replacements) {
            String key = replacement.substring(0, replacement.indexOf('='));
            lines.removeIf(line -> line.startsWith(key + "="));
            lines.add(replacement);
        }
        lines.removeIf(line -> line.startsWith("camel.main.routes-include-pattern="));
        lines.add("camel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml");
        lines.add("state.dir=" + dir.resolve("data"));
        Path config = dir.resolve("application.properties");
        Files.write(config, lines);
        return config;
    }

    private int run(String... args) {
        PrintStream print = new PrintStream(out, true);
        return LogRemediation.run(args, print, print);
    }

    @Test
    void validateNamesTheMissingSmtpHostAndTheQueryLokiRefuses(@TempDir Path dir) throws Exception {
        try (SandboxLoki loki = SandboxLoki.start()) {
            String badWatch = """
                    - templatedRoute:
                        routeTemplateRef: poll-loki
                        routeId: watch-broken
                        parameters:
                          - name: name
                            value: broken
                          - name: query
                            value: '{component=}'
                    """;
            Path config = config(dir, List.of("loki.url=" + loki.baseUrl(), "mail.host="), badWatch);

            assertThat(run("validate", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
            assertThat(out.toString())
                    .contains("problem: Invalid setting mail.host=\"\"")
                    .contains("problem: watch broken: Loki answered HTTP 400 to the query {component=}: parse error")
                    .doesNotContain("configuration OK");
        }
    }

    @Test
    void validateNamesAnEscalationOutOfOrderAndALinkWithoutAKey(@TempDir Path dir) throws Exception {
        Path config = config(Files.createDirectory(dir.resolve("order")),
                List.of("oncall.escalation=30m=lead@example.com;10m=rotation:secondary"), null);
        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("problem: Invalid setting oncall.escalation=\"30m=lead@example.com;"
                + "10m=rotation:secondary\": expected levels in order, each later than the one before");
        out.reset();

        config = config(Files.createDirectory(dir.resolve("rotation")), List.of("oncall.escalation=10m=rotation:secondary"),
                null);
        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("oncall.escalation names rotation secondary, which oncall.schedule-file"
                + " does not define");
        out.reset();

        config = config(Files.createDirectory(dir.resolve("key")),
                List.of("oncall.public-url=https://oncall.example.com", "oncall.link-key=too-short"), null);
        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("oncall.link-key").contains("at least 32 characters")
                .doesNotContain("too-short");
    }

    @Test
    void validateNamesAnUnknownPropertyInARoute(@TempDir Path dir) throws Exception {
        String typo = """
                - templatedRoute:
                    routeTemplateRef: poll-loki
                    routeId: watch-typo
                    parameters:
                      - name: name
                        value: typo
                      - name: query
                        value: '{component="x"}'
                      - name: threshold
                        value: "{{incident.treshold}}"
                """;
        Path config = config(dir, List.of(), typo);

        assertThat(run("validate", "--offline", "--config", config.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("problem:").contains("incident.treshold");
    }

    @Test
    void validatePassesOnTheProjectConfigurationAgainstLiveServers(@TempDir Path dir) throws Exception {
        try (SandboxLoki loki = SandboxLoki.start(); SandboxMail mail = SandboxMail.start()) {
            Path config = config(dir, List.of("loki.url=" + loki.baseUrl(), "mail.port=" + mail.port()), null);

            assertThat(run("validate", "--config", config.toString())).as(out.toString()).isEqualTo(ExitCode.DONE);
            assertThat(out.toString()).contains("checked 1 watch(es)").contains("configuration OK");
        }
    }

    @Test
    void validateWarnsOfAQueryThatSelectedNothingInTheLastHourAndShowsTheLabelsThatExist(@TempDir Path dir)
            throws Exception {
        try (SandboxLoki loki = SandboxLoki.start(); SandboxMail mail = SandboxMail.start()) {
            // the logger renamed its label: component became source
            long now = java.time.Instant.now().getEpochSecond() * 1_000_000_000L;
            loki.push(java.util.Map.of("source", "jwt-pizza-service", "level", "info"), now - 60_000_000_000L, "ok");
            Path config = config(dir, List.of("loki.url=" + loki.baseUrl(), "mail.port=" + mail.port()), null);

            assertThat(run("validate", "--config", config.toString())).as(out.toString()).isEqualTo(ExitCode.DONE);
            assertThat(out.toString())
                    .contains("warning: watch jwt-pizza-service: the query {component=\"jwt-pizza-service\"} selected no"
                            + " line in the last hour; no stream has a label component; label names that exist: level,"
                            + " source")
                    .contains("configuration OK");
        }
    }

    @Test
    void replaySaysHowManyLinesNoWatchSelectsAndWhichLabelsTheyCarry(@TempDir Path dir) throws Exception {
        String lines = """
                {"ts":"1795769000000000000","labels":{"component":"jwt-pizza-service","level":"info"},"line":"ok"}
                {"ts":"1795769001000000000","labels":{"source":"jwt-pizza-service","level":"error"},"line":"boom"}
                {"ts":"1795769002000000000","labels":{"source":"jwt-pizza-service","level":"error"},"line":"boom 2"}
                {"ts":"1795769003000000000","labels":{"component":"jwt-pizza-servce"},"line":"typo"}
                """;
        Path file = Files.writeString(dir.resolve("renamed.jsonl"), lines);

        assertThat(run("replay", file.toString())).as(out.toString()).isEqualTo(ExitCode.DONE);
        assertThat(out.toString()).contains("0 incident(s)").contains("3 of 4 line(s) are selected by no watch's query;"
                + " their label sets: {level=\"error\", source=\"jwt-pizza-service\"} (2),"
                + " {component=\"jwt-pizza-servce\"} (1)");
    }

    @Test
    void replayFindsTheIncidentInJsonLinesAndInASavedQueryRangeAnswer(@TempDir Path dir) throws Exception {
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(5);
        String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
        StringBuilder jsonLines = new StringBuilder();
        long base = 1_795_769_000_000_000_000L;
        for (int i = 0; i < 5; i++) {
            var entry = traffic.chaosErrorLine(base + i * 1_000_000_000L, link, ChaosShape.HTTP_RESPONSE);
            jsonLines.append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of(
                    "ts", Long.toString(entry.timestampNanos()), "labels", entry.labels(), "line", entry.line())))
                    .append('\n');
        }
        Path lines = Files.writeString(dir.resolve("burst.jsonl"), jsonLines);
        Path report = dir.resolve("report.json");

        int code = run("replay", lines.toString(), "--report", report.toString(), "--report-format", "json",
                "--fail-on-incident");

        assertThat(code).as(out.toString()).isEqualTo(ExitCode.INCIDENTS_FOUND);
        assertThat(out.toString()).contains("Replaying 5 lines").contains("1 incident(s)");
        assertThat(Files.readString(report)).doesNotContain("0123456789abcdef0123456789abcdef");

        // the same lines as Loki answered them
        StringBuilder answer = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[");
        answer.append("{\"stream\":{\"component\":\"jwt-pizza-service\",\"level\":\"error\"},\"values\":[");
        for (int i = 0; i < 5; i++) {
            answer.append(i == 0 ? "" : ",").append("[\"").append(base + i).append("\",\"{\\\"statusCode\\\":500}\"]");
        }
        answer.append("]}],\"stats\":{}}}");
        Path saved = Files.writeString(dir.resolve("answer.json"), answer);
        out.reset();
        assertThat(run("replay", saved.toString())).as(out.toString()).isEqualTo(ExitCode.DONE);
        assertThat(out.toString()).contains("1 incident(s)");
    }

    @Test
    void replayOfAFileThatIsNotLogsIsAUsageError(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"hello\":1}");
        assertThat(run("replay", junk.toString())).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString()).contains("is neither a query_range answer");
    }
}
