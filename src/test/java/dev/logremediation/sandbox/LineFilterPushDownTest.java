package dev.logremediation.sandbox;

import dev.logremediation.detect.LogClassifier;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.loki.LogQlText;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.JwtPizzaTraffic.OutageShape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filtering in Loki, before the lines travel: a line filter that keeps the candidate lines of a watch. It keeps
 * every error shape of the spec whose sign is in the line (a 5xx status at any escaping depth, an error word, a
 * resolution link) and drops most normal traffic. It also drops the spec's {@code unhandledError} line, whose only
 * sign is its {@code level="error"} label, and LogQL cannot OR a label matcher with a line filter: that is why the
 * shipped watch query has no filter, and why it is only for services that log their status or level in the line
 * (docs/benchmarks.md measures what it saves).
 */
public class LineFilterPushDownTest {

    /** An RE2 (LogQL) and Java regex, for a {@code |~ `...`} line filter. */
    public static final String CANDIDATES =
            "(?i)error|fatal|panic|exception|fail|status(code)?[\\\\\"]*:[\\\\\" ]*5[0-9][0-9]|/report/";
    public static final String FILTERED_QUERY = "{component=\"jwt-pizza-service\"} |~ `" + CANDIDATES + "`";

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(5);
    private final LogClassifier classifier = LogClassifier.defaults();
    private final LogQuery filtered = parse(FILTERED_QUERY);

    @Test
    void keepsEveryErrorShapeWhoseSignIsInTheLine() {
        List<LogEntry> errors = new java.util.ArrayList<>();
        for (ChaosShape shape : ChaosShape.values()) {
            errors.add(traffic.chaosErrorLine(1, LINK, shape));
        }
        errors.add(traffic.outageErrorLine(1, OutageShape.DATABASE_HTTP));
        errors.add(traffic.outageErrorLine(1, OutageShape.FACTORY_UNREACHABLE));
        for (LogEntry error : errors) {
            assertThat(classifier.classify(error)).as("an error: %s", error.line()).isNotNull();
            assertThat(filtered.matchesLine(error.line())).as("kept by the filter: %s", error.line()).isTrue();
        }
    }

    @Test
    void dropsTheUnhandledErrorLineWhoseOnlySignIsItsLevelLabel() {
        LogEntry unhandled = traffic.outageErrorLine(1, OutageShape.DATABASE_UNHANDLED);
        assertThat(classifier.classify(unhandled)).as("an error by its label").isNotNull();
        assertThat(filtered.matchesStream(unhandled.labels())).isTrue();
        assertThat(filtered.matchesLine(unhandled.line())).as("why the shipped watch has no line filter").isFalse();
    }

    @Test
    void dropsMostNormalTrafficAndNoErrorOfIt() {
        List<LogEntry> normal = IntStream.range(0, 10_000).mapToObj(i -> traffic.normalLine(i)).toList();
        List<LogEntry> kept = normal.stream().filter(e -> filtered.matchesLine(e.line())).toList();
        assertThat(kept.size()).as("normal lines still sent").isLessThan(normal.size() / 10);
        assertThat(normal.stream().filter(e -> !filtered.matchesLine(e.line())).filter(e -> classifier.classify(e) != null))
                .as("errors the filter would drop").isEmpty();
    }

    private static LogQuery parse(String query) {
        try {
            return LogQuery.parse(query);
        } catch (LogQlText.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
