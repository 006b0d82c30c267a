package dev.logremediation.pipeline;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A watch whose recipients name a rotation: the incident's thread goes to whoever was on call when it fired. */
class OnCallFlowTest {

    private static final String WATCH = """
            - templatedRoute:
                routeTemplateRef: poll-loki
                routeId: watch-jwt-pizza-service
                parameters:
                  - name: name
                    value: jwt-pizza-service
                  - name: query
                    value: '{component="jwt-pizza-service"}'
                  - name: recipients
                    value: rotation:primary
            """;

    /** Twelve hours from now, so that no hand-off falls within a test. */
    private final LocalTime handoff = LocalTime.now(ZoneOffset.UTC).plusHours(12).truncatedTo(ChronoUnit.MINUTES);

    @TempDir
    Path dir;

    /** The routes with the one watch paging rotation:primary: daily turns of Ada and Bob from start. */
    private Map<String, String> settings(LocalDate start) throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.writeString(routes.resolve("watches.camel.yaml"), WATCH);
        Path schedule = Files.writeString(dir.resolve("schedule.yaml"), """
                rotations:
                  - name: primary
                    zone: UTC
                    turns: daily
                    handoffTime: "%s"
                    start: %s
                    people:
                      - name: Ada
                        email: ada@example.com
                      - name: Bob
                        email: bob@example.com
                """.formatted(handoff, start));
        return Map.of("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml",
                "oncall.schedule-file", schedule.toString(), "incident.quiet-period", "3s");
    }

    /** A start that makes the turn going on now Ada's: an even number of turns (days) after the first. */
    private LocalDate startForTurnOfAda() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // the turn going on now began at the hand-off twelve hours ago: yesterday's or today's
        LocalDate turnBegan = handoff.isAfter(LocalTime.now(ZoneOffset.UTC)) ? today.minusDays(1) : today;
        return turnBegan.minusDays(10);
    }

    private static void pushBurst(RunningPipeline pipeline) {
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(11);
        String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
        long start = RunningPipeline.nowNanos() - 5_000_000_000L;
        for (int i = 0; i < 5; i++) {
            var entry = traffic.chaosErrorLine(start + i * 1_000_000_000L, link, ChaosShape.HTTP_RESPONSE);
            pipeline.loki.push(entry.labels(), entry.timestampNanos(), entry.line());
        }
    }

    @Test
    void theFiringAndResolvedEmailsGoToTheRotationsCurrentPerson() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(settings(startForTurnOfAda()))) {
            pushBurst(pipeline);

            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.emails().size() >= 2);
            MimeMessage firing = pipeline.emails().get(0);
            MimeMessage resolved = pipeline.emails().get(1);
            assertThat(firing.getSubject()).startsWith("[FIRING] jwt-pizza-service");
            assertThat(firing.getAllRecipients()).extracting(Object::toString).containsExactly("ada@example.com");
            assertThat(resolved.getSubject()).startsWith("[RESOLVED] jwt-pizza-service");
            assertThat(resolved.getAllRecipients()).extracting(Object::toString).containsExactly("ada@example.com");
        }
    }

    @Test
    void aRotationWithNobodyOnCallPagesMailToWithOneWarningPerEmail() throws Exception {
        LocalDate nextMonth = LocalDate.now(ZoneOffset.UTC).plusMonths(1);
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(settings(nextMonth))) {
            pushBurst(pipeline);

            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.emails().size() >= 2);
            assertThat(pipeline.subjects()).satisfiesExactly(firing -> assertThat(firing).startsWith("[FIRING]"),
                    resolved -> assertThat(resolved).startsWith("[RESOLVED]"));
            for (MimeMessage email : pipeline.emails()) {
                assertThat(email.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@demo.local");
            }
            assertThat(log.lines("WARN")).filteredOn(line -> line.startsWith("Rotation primary")).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("before its first turn",
                            "mail.to (oncall@demo.local) is emailed instead, for an incident of watch jwt-pizza-service"));
        }
    }
}
