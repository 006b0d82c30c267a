package dev.logremediation.cli;

import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.report.IncidentRecord;
import dev.logremediation.report.RunReport;
import dev.logremediation.sandbox.ErrorShapeCorpus;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.JwtPizzaTraffic.OutageShape;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The once command over the sandbox Loki: incidents by log time, the cursor, exit codes, the report. */
class BatchRunTest {

    private static final Path CONFIG = Path.of("application.properties");
    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path stateDir;
    private SandboxLoki loki;
    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(3);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void startLoki() {
        loki = SandboxLoki.start();
    }

    @AfterEach
    void stopLoki() {
        loki.close();
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("loki.url", loki.baseUrl());
        settings.put("loki.user", "");
        settings.put("loki.token", "");
        settings.put("loki.org-id", "");
        settings.put("state.dir", stateDir.toString());
        settings.put("retry.delay", "20");
        settings.put("mail.port", "1"); // dry runs only: nothing may be sent
        return settings;
    }

    private BatchRun.Outcome once(Instant from, Instant to, Path report, String format) throws Exception {
        return once(from, to, report, format, Map.of());
    }

    private BatchRun.Outcome once(Instant from, Instant to, Path report, String format, Map<String, String> extra)
            throws Exception {
        Map<String, String> settings = settings();
        settings.putAll(extra);
        return BatchRun.execute(CONFIG, new BatchRun.Options(from, to, true, report, format, true), settings,
                new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true));
    }

    /** Two bursts twenty minutes apart and a blip of three errors between them, with normal traffic around. */
    private List<LogEntry> twoBurstsAndABlip(long base) {
        List<LogEntry> lines = new ArrayList<>(traffic.normalTraffic(base - 60 * SECOND, 2 * SECOND, 900));
        for (int i = 0; i < 6; i++) {
            lines.add(traffic.chaosErrorLine(base + i * SECOND + 1, LINK, ChaosShape.values()[i % 3]));
        }
        for (int i = 0; i < 3; i++) {
            lines.add(traffic.outageErrorLine(base + 600 * SECOND + i * SECOND + 1, OutageShape.FACTORY_UNREACHABLE));
        }
        for (int i = 0; i < 8; i++) {
            lines.add(traffic.outageErrorLine(base + 1200 * SECOND + i * SECOND + 1, OutageShape.values()[i % 3]));
        }
        return lines;
    }

    private static long counted(RunReport report) {
        return Stream.concat(report.incidents().stream(), report.belowThreshold().stream())
                .mapToLong(r -> r.incident().count()).sum();
    }

    @Test
    void aWindowWithTwoBurstsAndABlipHasTwoIncidentsAndTheBlipIsReportedBelowThreshold(@TempDir Path dir)
            throws Exception {
        Instant now = Instant.now();
        long base = TimeArgument.nanos(now.minus(Duration.ofMinutes(40)));
        twoBurstsAndABlip(base).forEach(loki::push);
        Path report = dir.resolve("report.md");

        BatchRun.Outcome outcome = once(now.minus(Duration.ofHours(1)), now, report, "md");

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.INCIDENTS_FOUND);
        assertThat(outcome.report().incidents()).extracting(r -> r.incident().count()).containsExactly(6L, 8L);
        assertThat(outcome.report().incidents().get(0).incident().linkLines()).containsOnlyKeys(LINK);
        assertThat(outcome.report().belowThreshold()).singleElement()
                .satisfies(blip -> assertThat(blip.incident().count()).isEqualTo(3));
        String markdown = Files.readString(report);
        assertThat(markdown).containsIgnoringCase("below threshold").contains("Timeline").contains("Root cause")
                .doesNotContain("0123456789abcdef0123456789abcdef");
        assertThat(out.toString()).contains("2 incident(s), 1 episode(s) below threshold");
    }

    @Test
    void twoCursorRunsCountEveryLineOnceIncludingLateLinesInTheBoundaryNanosecond() throws Exception {
        long shared = RunningPipeline.nowNanos() - 60 * SECOND;
        for (int i = 0; i < 3; i++) {
            loki.push(traffic.chaosErrorLine(shared, LINK + "?n=" + i, ChaosShape.HTTP_RESPONSE));
        }
        // every episode ends, by log time, before each run's end: then each run's report counts its own lines
        Map<String, String> shortEpisodes = Map.of("incident.quiet-period", "5s", "incident.window", "5s");
        RunReport first = once(null, Instant.now(), null, "md", shortEpisodes).report();

        // two late lines in the very nanosecond the first run already read, and four new ones
        for (int i = 3; i < 5; i++) {
            loki.push(traffic.chaosErrorLine(shared, LINK + "?n=" + i, ChaosShape.HTTP_RESPONSE));
        }
        long later = RunningPipeline.nowNanos() - 10 * SECOND;
        for (int i = 0; i < 4; i++) {
            loki.push(traffic.chaosErrorLine(later + i, LINK, ChaosShape.FACTORY_REQUEST));
        }
        RunReport second = once(null, Instant.now(), null, "md", shortEpisodes).report();

        assertThat(counted(first)).isEqualTo(3);
        assertThat(counted(second)).isEqualTo(6);
    }

    @Test
    void lokiRefusingOrUnreachableExitsWithThree() throws Exception {
        loki.failNext(400, "application/json", "parse error at line 1, col 2: syntax error");
        assertThat(once(Instant.now().minusSeconds(600), Instant.now(), null, "md").exitCode())
                .isEqualTo(ExitCode.LOKI_FAILED);

        loki.close();
        assertThat(once(Instant.now().minusSeconds(600), Instant.now(), null, "md").exitCode())
                .isEqualTo(ExitCode.LOKI_FAILED);
    }

    @Test
    void aWindowWithoutIncidentsExitsZeroAndUsageErrorsExitTwo() throws Exception {
        traffic.normalTraffic(RunningPipeline.nowNanos() - 100 * SECOND, SECOND, 50).forEach(loki::push);
        assertThat(once(Instant.now().minusSeconds(600), Instant.now(), null, "md").exitCode()).isEqualTo(ExitCode.DONE);

        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        assertThat(LogRemediation.run(new String[] {"once", "--from", "yesterday"}, quiet, quiet)).isEqualTo(2);
        assertThat(LogRemediation.run(new String[] {"once", "--from", "-1h", "--to", "-2h"}, quiet, quiet)).isEqualTo(2);
        assertThat(LogRemediation.run(new String[] {"once", "--report-format", "pdf"}, quiet, quiet)).isEqualTo(2);
        assertThat(LogRemediation.run(new String[] {"--bogus"}, quiet, quiet)).isEqualTo(2);
    }

    @Test
    void liveAndBatchFindTheSameIncidentsOnTheSameLines() throws Exception {
        long base = RunningPipeline.nowNanos() - 240 * SECOND;
        List<LogEntry> recorded = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            recorded.add(traffic.chaosErrorLine(base + i * SECOND, LINK, ChaosShape.values()[i % 3]));
        }
        for (int i = 0; i < 3; i++) {
            recorded.add(traffic.outageErrorLine(base + 30 * SECOND + i * SECOND, OutageShape.DATABASE_HTTP));
        }
        for (int i = 0; i < 7; i++) {
            recorded.add(traffic.outageErrorLine(base + 100 * SECOND + i * 100_000_000L, OutageShape.values()[i % 3]));
        }
        // the blip of three stays open for the window after its last error, then ends below the threshold
        Map<String, String> shortWindows = Map.of("loki.overlap", "10m", "incident.quiet-period", "10s",
                "incident.window", "20s");

        List<String> live;
        // in Loki before the first poll: lines minutes old that arrive after it are beyond loki.recheck, as in production
        try (RunningPipeline pipeline = RunningPipeline.start(sandboxLoki -> {
            recorded.forEach(sandboxLoki::push);
            return shortWindows;
        })) {
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                RunReport report = pipeline.ledger().report("live", null, null, java.time.ZoneOffset.UTC);
                return report.incidents().size() + report.belowThreshold().size() == 3
                        && report.incidents().stream().allMatch(r -> r.incident().kind() == IncidentEvent.Kind.RESOLVED);
            });
            live = facts(pipeline.ledger().report("live", null, null, java.time.ZoneOffset.UTC));
        }

        recorded.forEach(loki::push);
        Map<String, String> batchSettings = new HashMap<>(settings());
        batchSettings.putAll(shortWindows);
        RunReport batch = BatchRun.execute(CONFIG, new BatchRun.Options(Instant.ofEpochSecond(0, base - SECOND),
                        Instant.now(), true, null, "md", false), batchSettings, new PrintStream(out, true),
                new PrintStream(new ByteArrayOutputStream(), true)).report();

        assertThat(facts(batch)).hasSize(3).containsExactlyElementsOf(live);
    }

    @Test
    void anOutageSpanningThreeCronRunsIsOneIncidentWithOneFiringAndOneResolved() throws Exception {
        long base = RunningPipeline.nowNanos() - 600 * SECOND;
        List<LogEntry> outage = new ArrayList<>();
        for (long at = 0; at <= 250; at += 5) {
            outage.add(traffic.chaosErrorLine(base + at * SECOND, LINK, ChaosShape.values()[(int) (at / 5) % 3]));
        }
        outage.forEach(loki::push);
        Map<String, String> shortWindows = Map.of("incident.quiet-period", "10s", "incident.window", "60s",
                "loki.overlap", "15m");

        List<String> cron = new ArrayList<>();
        try (SandboxMail mail = SandboxMail.start()) {
            Map<String, String> cronSettings = new HashMap<>(settings());
            cronSettings.putAll(shortWindows);
            cronSettings.put("mail.host", "127.0.0.1");
            cronSettings.put("mail.port", String.valueOf(mail.port()));
            // three cron runs that catch up from the cursor, each ending while the outage still goes on but the last
            RunReport last = null;
            for (long to : new long[] {100, 200, 400}) {
                last = BatchRun.execute(CONFIG, new BatchRun.Options(null, Instant.ofEpochSecond(0, base + to * SECOND),
                                false, null, "md", false), cronSettings, new PrintStream(out, true),
                        new PrintStream(new ByteArrayOutputStream(), true)).report();
                cron.add(String.join(",", mail.received().stream().map(SandboxMail::subject)
                        .map(subject -> subject.substring(0, subject.indexOf(']') + 1)).toList()));
            }
            assertThat(cron).containsExactly("[FIRING]", "[FIRING]", "[FIRING],[RESOLVED]");
            assertThat(facts(last)).singleElement().asString().startsWith("jwt-pizza-service 51 " + base + " ");

            List<String> live;
            // in Loki before the first poll, as in liveAndBatchFindTheSameIncidentsOnTheSameLines
            try (RunningPipeline pipeline = RunningPipeline.start(sandboxLoki -> {
                outage.forEach(sandboxLoki::push);
                return shortWindows;
            })) {
                await().atMost(Duration.ofSeconds(40)).until(() -> pipeline.ledger()
                        .report("live", null, null, java.time.ZoneOffset.UTC).incidents().stream()
                        .anyMatch(r -> r.incident().kind() == IncidentEvent.Kind.RESOLVED));
                live = facts(pipeline.ledger().report("live", null, null, java.time.ZoneOffset.UTC));
            }
            assertThat(facts(last)).isEqualTo(live);
        }
    }

    /** What must agree between live and batch: key, count, first and last error, signatures, links. */
    private static List<String> facts(RunReport report) {
        return Stream.concat(report.incidents().stream(), report.belowThreshold().stream())
                .map(IncidentRecord::incident)
                .sorted(java.util.Comparator.comparingLong(IncidentEvent::firstNanos))
                .map(e -> e.key() + " " + e.count() + " " + e.firstNanos() + " " + e.lastNanos() + " "
                        + e.signatures() + " " + e.linkLines().keySet() + " fired=" + (e.firingNanos() != 0))
                .toList();
    }

    /**
     * The incidents a pushed-down read finds (counts, signatures, links, times) are those of a full read, over a window
     * holding every error shape of the corpus among normal traffic: with less read from Loki.
     */
    @Test
    void aPushedDownReadFindsTheIncidentsOfAFullRead() throws Exception {
        Instant now = Instant.now();
        long base = TimeArgument.nanos(now.minus(Duration.ofHours(5)));
        List<LogEntry> lines = new ArrayList<>(new JwtPizzaTraffic(11).normalTraffic(base, 3 * SECOND / 2, 12_000));
        List<LogEntry> corpus = ErrorShapeCorpus.lines();
        for (int i = 0; i < corpus.size(); i++) {
            // bursts of 200 lines 100 ms apart, five minutes between bursts: many incidents, each of many shapes
            long ts = base + (i / 200) * 300 * SECOND + (i % 200) * SECOND / 10 + 7;
            lines.add(new LogEntry(ts, corpus.get(i).labels(), corpus.get(i).line()));
        }
        lines.sort(Comparator.comparingLong(LogEntry::timestampNanos));
        loki.pushAll(lines);
        Instant from = now.minus(Duration.ofHours(5).plusMinutes(1));

        List<String> full = facts(once(from, now, null, "md", Map.of("loki.push-down", "false",
                "state.dir", stateDir.resolve("full").toString())).report());
        long fullLines = loki.linesSent();
        List<String> pushedDown = facts(once(from, now, null, "md", Map.of("loki.push-down", "true",
                "state.dir", stateDir.resolve("pushed-down").toString())).report());

        assertThat(full).hasSizeGreaterThan(10);
        assertThat(pushedDown).containsExactlyElementsOf(full);
        assertThat(loki.linesSent() - fullLines).as("lines sent pushed down").isLessThan(fullLines * 2 / 3);
    }
}
