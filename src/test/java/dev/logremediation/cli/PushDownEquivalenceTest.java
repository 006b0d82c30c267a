package dev.logremediation.cli;

import dev.logremediation.loki.LogEntry;
import dev.logremediation.report.IncidentRecord;
import dev.logremediation.report.RunReport;
import dev.logremediation.sandbox.ErrorShapeCorpus;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.SandboxLoki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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

/**
 * The incidents a pushed-down read finds (counts, signatures, links, times) are those of a full read, over a window
 * holding every error shape of the corpus among normal traffic: with less read from Loki.
 */
class PushDownEquivalenceTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path stateDir;
    private SandboxLoki loki;

    @BeforeEach
    void startLoki() {
        loki = SandboxLoki.start();
    }

    @AfterEach
    void stopLoki() {
        loki.close();
    }

    @Test
    void aPushedDownReadFindsTheIncidentsOfAFullRead() throws Exception {
        Instant now = Instant.now();
        long base = TimeArgument.nanos(now.minus(Duration.ofHours(5)));
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(11);
        List<LogEntry> lines = new ArrayList<>(traffic.normalTraffic(base, 3 * SECOND / 2, 12_000));
        List<LogEntry> corpus = ErrorShapeCorpus.lines();
        for (int i = 0; i < corpus.size(); i++) {
            // bursts of 200 lines 100 ms apart, five minutes between bursts: many incidents, each of many shapes
            long ts = base + (i / 200) * 300 * SECOND + (i % 200) * SECOND / 10 + 7;
            lines.add(new LogEntry(ts, corpus.get(i).labels(), corpus.get(i).line()));
        }
        lines.sort(Comparator.comparingLong(LogEntry::timestampNanos));
        loki.pushAll(lines);
        Instant from = now.minus(Duration.ofHours(5).plusMinutes(1));

        List<String> full = facts(once(from, now, false));
        int fullQueries = loki.queryCount();
        List<String> pushedDown = facts(once(from, now, true));

        assertThat(full).hasSizeGreaterThan(10);
        assertThat(pushedDown).containsExactlyElementsOf(full);
        assertThat(loki.queryCount() - fullQueries).as("four queries a range").isGreaterThan(fullQueries);
    }

    private RunReport once(Instant from, Instant to, boolean pushDown) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("loki.url", loki.baseUrl());
        settings.put("loki.user", "");
        settings.put("loki.token", "");
        settings.put("loki.org-id", "");
        settings.put("state.dir", stateDir.resolve("push-down-" + pushDown).toString());
        settings.put("mail.port", "1"); // a dry run: nothing may be sent
        settings.put("loki.push-down", Boolean.toString(pushDown));
        return BatchRun.execute(Path.of("application.properties"),
                new BatchRun.Options(from, to, true, null, "md", false), settings,
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(new ByteArrayOutputStream(), true))
                .report();
    }

    /** What on-call learns of each incident and each episode below threshold, in a comparable form. */
    private static List<String> facts(RunReport report) {
        return Stream.concat(report.incidents().stream(), report.belowThreshold().stream())
                .map(IncidentRecord::incident)
                .map(incident -> incident.key() + " " + incident.count() + " errors " + incident.firstNanos() + ".."
                        + incident.lastNanos() + " firing at " + incident.firingNanos() + " " + incident.signatures()
                        + " links " + incident.linkLines().keySet() + " samples " + incident.samples()
                        + " per minute " + incident.perMinute())
                .toList();
    }
}
