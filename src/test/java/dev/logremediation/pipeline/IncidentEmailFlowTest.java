package dev.logremediation.pipeline;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** End to end: sandbox Loki -> the real routes -> real SMTP, asserting on the MIME messages on-call receives. */
class IncidentEmailFlowTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(7);

    /** The shapes that carry the component label the default watch selects, in turn. */
    private static final ChaosShape[] COMPONENT_SHAPES = {
        ChaosShape.HTTP_RESPONSE, ChaosShape.HTTP_RESPONSE_ENCODED_TWICE, ChaosShape.FACTORY_REQUEST};

    private void pushChaosErrors(RunningPipeline pipeline, int count, long startNanos, long stepNanos) {
        for (int i = 0; i < count; i++) {
            var entry = traffic.chaosErrorLine(startNanos + i * stepNanos, LINK, COMPONENT_SHAPES[i % 3]);
            pipeline.loki.push(entry.labels(), entry.timestampNanos(), entry.line());
        }
    }

    @Test
    void fourErrorsInAMinuteEmailNobody() throws Exception {
        // a short window: an episode that never fired stays open for the window after its last error
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.window", "6s"))) {
            pushChaosErrors(pipeline, 4, RunningPipeline.nowNanos() - 5_000_000_000L, 1_000_000_000L);

            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.closing().belowThresholdCount() == 1);
            assertThat(pipeline.emails()).isEmpty();
        }
    }

    @Test
    void groupsOfErrorsFartherApartThanTheQuietPeriodFireOnceThresholdManyFallWithinTheWindow() throws Exception {
        // the throttle chaos, scaled down: groups of 4 slow orders every 3.2 s, a 2 s quiet period, a 6 s window
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "2s",
                "incident.window", "6s"))) {
            long first = RunningPipeline.nowNanos() - 1_000_000_000L;
            pushChaosErrors(pipeline, 4, first, 100_000_000L);

            // longer than the quiet period: the four stay one open episode, below the threshold, nobody emailed
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                    .until(() -> pipeline.closing().belowThresholdCount() == 0 && pipeline.emails().isEmpty());
            pushChaosErrors(pipeline, 4, first + 3_200_000_000L, 100_000_000L);

            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.emails().size() >= 1);
            assertThat(pipeline.subjects().get(0)).startsWith("[FIRING] jwt-pizza-service: 5 errors in 6s");
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.emails().size() >= 2);
            assertThat(pipeline.subjects().get(1)).startsWith("[RESOLVED] jwt-pizza-service: 8 errors");
            assertThat(pipeline.closing().belowThresholdCount()).isZero();
        }
    }

    @Test
    void fiveErrorsFireOnceThenResolveInTheSameThread() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "4s"))) {
            pushChaosErrors(pipeline, 5, RunningPipeline.nowNanos() - 5_000_000_000L, 1_000_000_000L);

            // FIRING comes with the poll that read the fifth error, not at the end of the window or quiet period
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.emails().size() >= 1);
            assertThat(pipeline.subjects()).as("still open").hasSize(1);
            MimeMessage firing = pipeline.emails().get(0);
            assertThat(firing.getSubject()).startsWith("[FIRING] jwt-pizza-service: 5 errors in 1m - ");
            assertThat(firing.getContentType()).startsWith("multipart/alternative");
            String text = SandboxMail.part(firing, "text/plain");
            String html = SandboxMail.part(firing, "text/html");
            assertThat(text).contains(LINK).contains("Errors:     5").contains("{component=\"jwt-pizza-service\"}");
            assertThat(html).contains("href=\"" + LINK + "\"");
            assertThat(firing.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@demo.local");

            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.emails().size() >= 2);
            MimeMessage resolved = pipeline.emails().get(1);
            assertThat(resolved.getSubject()).startsWith("[RESOLVED] jwt-pizza-service: 5 errors over 4s");
            assertThat(resolved.getHeader("In-Reply-To")).containsExactly(firing.getMessageID());
            assertThat(resolved.getHeader("References")).containsExactly(firing.getMessageID());
            assertThat(pipeline.emails()).hasSize(2);
            // the incident report, written under state.dir and attached to the RESOLVED email
            String attached = SandboxMail.part(resolved, "text/markdown");
            assertThat(attached).contains("Summary").contains("Timeline").contains("Root cause")
                    .doesNotContain("0123456789abcdef0123456789abcdef");
            try (var reports = java.nio.file.Files.list(pipeline.stateDir.resolve("reports"))) {
                assertThat(reports.toList()).singleElement().satisfies(file ->
                        assertThat(java.nio.file.Files.readString(file)).isEqualToNormalizingNewlines(attached));
            }
        }
    }

    @Test
    void tenThousandErrorsAreStillOneFiringAndOneResolved() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of())) {
            pushChaosErrors(pipeline, 10_000, RunningPipeline.nowNanos() - 20_000_000_000L, 2_000_000L);

            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.emails().size() >= 2);
            List<String> subjects = pipeline.subjects();
            assertThat(subjects).hasSize(2);
            assertThat(subjects.get(0)).startsWith("[FIRING]");
            assertThat(subjects.get(1)).startsWith("[RESOLVED] jwt-pizza-service: 10000 errors");
            String text = SandboxMail.part(pipeline.emails().get(1), "text/plain");
            assertThat(text).contains("Errors:     10000");
            // bounded: at most five sample lines, one link however many lines carried it
            String samples = text.substring(text.indexOf("Sample lines:"), text.indexOf("See them in Loki"));
            assertThat(samples.lines().filter(l -> l.startsWith("  "))).hasSizeLessThanOrEqualTo(5);
            assertThat(text.split(java.util.regex.Pattern.quote(LINK), -1)).hasSize(2);
        }
    }

    @Test
    void aRestartDoesNotAlertOldLinesAgain() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s"))) {
            pushChaosErrors(pipeline, 5, RunningPipeline.nowNanos() - 5_000_000_000L, 500_000_000L);
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.emails().size() >= 1);

            pipeline.restart();
            // polls run one after another: once the third query after the restart is asked, two whole polls
            // re-read the old lines (they lie inside the overlap) and let them through detection
            int queriesBefore = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.loki.queryCount() >= queriesBefore + 3);
            assertThat(pipeline.subjects()).hasSize(1);
            assertThat(pipeline.closing().belowThresholdCount()).isZero();
        }
    }
}
