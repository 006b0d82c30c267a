package dev.logremediation.bench;

import dev.logremediation.detect.ErrorEvent;
import dev.logremediation.detect.LogClassifier;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-line hot path of detection: {@code LogClassifier.defaults().classify(entry)}, which is the error decision,
 * the link extraction and, for errors, the signature (JSON parse), the masked sample and the {@link ErrorEvent}.
 * One thread, so ops/s is lines per second on one core. Each shape cycles through {@value #LINES} distinct lines.
 *
 * <p>Run: {@code bench/run.sh jmh}, or {@code java -cp ... org.openjdk.jmh.Main ClassifyBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@State(Scope.Thread)
public class ClassifyBench {

    static final int LINES = 256;

    @Param({"HTTP_INFO_MENU", "HTTP_INFO_ORDER", "HTTP_WARN_4XX", "DB_INFO", "NON_JSON_INFO",
            "CHAOS_500_LINK_ESCAPED_ONCE", "CHAOS_500_LINK_ESCAPED_TWICE", "FACTORY_REQUEST_WARN",
            "FACTORY_ERROR_SOURCE_LABEL", "OUTAGE_500_NO_LINK", "NON_JSON_ERROR"})
    public String shape;

    private LogClassifier classifier;
    private LogEntry[] lines;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        LineShapes kind = LineShapes.valueOf(shape);
        classifier = LogClassifier.defaults();
        List<LogEntry> made = kind.lines(new JwtPizzaTraffic(7), 1_700_000_000_000_000_000L, LINES);
        for (LogEntry entry : made) { // a benchmark of the wrong answer would be worthless
            ErrorEvent event = classifier.classify(entry);
            if ((event != null) != kind.isError()) {
                throw new IllegalStateException(shape + " classified " + (event != null ? "as an error" : "as no error")
                        + ": " + entry);
            }
            if (event != null && entry.line().contains(LineShapes.LINK) != event.links().contains(LineShapes.LINK)) {
                throw new IllegalStateException(shape + ": link not extracted from " + entry);
            }
        }
        lines = made.toArray(new LogEntry[0]);
        System.out.printf("%n%s: %d distinct lines, %.0f chars on average%n", shape, LINES, LineShapes.averageLength(made));
    }

    @Benchmark
    public ErrorEvent classify() {
        LogEntry entry = lines[next];
        next = (next + 1) & (LINES - 1);
        return classifier.classify(entry);
    }
}
