package dev.logremediation.pipeline;

import dev.logremediation.cli.SilenceCli;
import dev.logremediation.observe.PipelineMetrics;
import dev.logremediation.report.IncidentRecord;
import dev.logremediation.report.TimelineEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxMail;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Silences end to end: the silence commands against the running product's state database, the sandbox Loki, real
 * SMTP. A silenced incident emails nobody but is recorded; its FIRING goes out once when the silence ends while it
 * still fires.
 */
class SilencesFlowTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    private static final String WATCH = "jwt-pizza-service";
    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(11);

    private void pushChaosErrors(RunningPipeline pipeline, int count) {
        long start = RunningPipeline.nowNanos() - 3_000_000_000L;
        for (int i = 0; i < count; i++) {
            // a shape with the component label the default watch selects
            pipeline.loki.push(traffic.chaosErrorLine(start + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
        }
    }

    /** The incident's timeline entries of the given kind, as its report lists them. */
    private static List<TimelineEntry> timeline(RunningPipeline pipeline, String event) {
        return pipeline.ledger().report("silences", null, null, ZoneOffset.UTC).incidents().stream()
                .map(IncidentRecord::actions).flatMap(List::stream).filter(entry -> entry.event().equals(event))
                .toList();
    }

    private static double silencedCount(RunningPipeline pipeline) {
        var counter = pipeline.context().getRegistry().lookupByNameAndType("pipelineMetrics", PipelineMetrics.class)
                .registry().find("logremediation.incidents.silenced").tag("watch", WATCH).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aSilencedIncidentIsRecordedNotEmailedAndItsFiringGoesOutOnceWhenTheSilenceIsExpired() throws Exception {
        // with state.link-key the held email rests sealed, so it shows the link whole when it goes out
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s",
                "state.link-key", java.util.Base64.getEncoder().encodeToString(new byte[32])));
             CapturedLog log = new CapturedLog()) {
            SilenceCli cli = new SilenceCli(pipeline.stateDir);
            String id = cli.add("--watch", WATCH, "--for", "1h", "--reason", "deploy of 1.4", "--by", "alice");

            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(15)).until(() -> !timeline(pipeline, "silenced").isEmpty());
            assertThat(timeline(pipeline, "silenced")).singleElement().extracting(TimelineEntry::detail).asString()
                    .contains("FIRING silenced by " + id + " (deploy of 1.4, by alice)");
            assertThat(silencedCount(pipeline)).isEqualTo(1);
            assertThat(log.lines("INFO")).filteredOn(line -> line.contains("silenced by " + id)).hasSize(1);
            // the incident fires on: nobody is emailed while the silence lasts
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> pipeline.emails().isEmpty());

            assertThat(cli.run("expire", id).exitCode()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> !pipeline.emails().isEmpty());
            assertThat(pipeline.subjects()).singleElement().asString().startsWith("[FIRING] jwt-pizza-service");
            assertThat(SandboxMail.part(pipeline.emails().get(0), "text/plain")).contains(LINK);
            assertThat(timeline(pipeline, "silence ended")).singleElement().extracting(TimelineEntry::detail)
                    .asString().contains(id + " ended while the incident still fired");
            // released once: later checks of the outbox send nothing more
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> pipeline.emails().size() == 1);
        }
    }

    @Test
    void theFiringGoesOutWhenTheSilenceRunsOutByTime() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s"))) {
            String id = new SilenceCli(pipeline.stateDir).add("--watch", WATCH, "--for", "4s", "--reason", "short");
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(10)).until(() -> !timeline(pipeline, "silenced").isEmpty());
            assertThat(pipeline.emails()).isEmpty();

            await().atMost(Duration.ofSeconds(15)).until(() -> !pipeline.emails().isEmpty());
            assertThat(pipeline.subjects()).singleElement().asString().startsWith("[FIRING] jwt-pizza-service");
            assertThat(timeline(pipeline, "silence ended")).singleElement().extracting(TimelineEntry::detail)
                    .asString().startsWith(id);
        }
    }

    @Test
    void channelMessagesAreHeldAndReleasedWithTheEmail() throws Exception {
        try (ChannelReceiver receiver = ChannelReceiver.start();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s",
                     "notify.channels", "email,tickets", "channel.tickets.type", "webhook",
                     "channel.tickets.url", receiver.url("/hook")))) {
            SilenceCli cli = new SilenceCli(pipeline.stateDir);
            String id = cli.add("--watch", WATCH, "--for", "1h", "--reason", "deploy");
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(15)).until(() -> !timeline(pipeline, "silenced").isEmpty());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> receiver.requests().isEmpty() && pipeline.emails().isEmpty());

            assertThat(cli.run("expire", id).exitCode()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted("/hook").size() == 1
                    && pipeline.emails().size() == 1);
            assertThat(receiver.accepted("/hook").get(0).path("status").asText()).isEqualTo("firing");
        }
    }

    @Test
    void whatASilenceHeldSurvivesARestartAndGoesOutOnceWhenItEnds() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s"))) {
            SilenceCli cli = new SilenceCli(pipeline.stateDir);
            String id = cli.add("--watch", WATCH, "--for", "1h", "--reason", "restart drill");
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(15)).until(() -> !timeline(pipeline, "silenced").isEmpty());

            pipeline.restart();
            assertThat(cli.run("expire", id).exitCode()).isZero();
            await().atMost(Duration.ofSeconds(15)).until(() -> !pipeline.emails().isEmpty());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> pipeline.emails().size() == 1);
            assertThat(pipeline.subjects()).singleElement().asString().startsWith("[FIRING] jwt-pizza-service");
        }
    }

    @Test
    void anIncidentThatResolvesWhileSilencedIsNeverEmailedAndItsReportSaysWhy() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "2s"))) {
            SilenceCli cli = new SilenceCli(pipeline.stateDir);
            String id = cli.add("--watch", WATCH, "--matching", "chaos|5\\d\\d", "--for", "1h", "--reason", "load test");
            pushChaosErrors(pipeline, 6);

            await().atMost(Duration.ofSeconds(20)).until(() -> timeline(pipeline, "silenced").size() == 2);
            assertThat(timeline(pipeline, "silenced")).extracting(TimelineEntry::detail).anySatisfy(detail ->
                    assertThat(detail).contains("RESOLVED silenced by " + id + " (load test")
                            .contains("resolved while silenced: nobody was told"));
            assertThat(cli.run("expire", id).exitCode()).isZero();
            // its held FIRING was dropped when it resolved: the end of the silence sends nothing
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> pipeline.emails().isEmpty());
        }
    }

    @Test
    void aSilenceOfAnotherKeyOrPatternLetsTheIncidentThrough() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s"))) {
            SilenceCli cli = new SilenceCli(pipeline.stateDir);
            cli.add("--watch", WATCH, "--key", "another-service", "--for", "1h", "--reason", "other key");
            cli.add("--watch", WATCH, "--matching", "GET /api/franchise", "--for", "1h", "--reason", "other errors");
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(15)).until(() -> !pipeline.emails().isEmpty());
            assertThat(pipeline.subjects().get(0)).startsWith("[FIRING]");
            assertThat(timeline(pipeline, "silenced")).isEmpty();
        }
    }

    @Test
    void aMaintenanceWindowSilencesTheSameWay() throws Exception {
        // every day from midnight (UTC) for a day: always within a window
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.quiet-period", "60s",
                "oncall.maintenance", WATCH + "=0 0 0 * * ?@24h"))) {
            pushChaosErrors(pipeline, 6);
            await().atMost(Duration.ofSeconds(15)).until(() -> !timeline(pipeline, "silenced").isEmpty());
            assertThat(timeline(pipeline, "silenced")).singleElement().extracting(TimelineEntry::detail).asString()
                    .contains("FIRING silenced by maintenance:" + WATCH + "@")
                    .contains("maintenance window 0 0 0 * * ? for 24h, by oncall.maintenance");
            assertThat(silencedCount(pipeline)).isEqualTo(1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> pipeline.emails().isEmpty());
        }
    }
}
