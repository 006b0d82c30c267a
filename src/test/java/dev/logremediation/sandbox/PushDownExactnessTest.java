package dev.logremediation.sandbox;

import dev.logremediation.detect.LogClassifier;
import dev.logremediation.loki.ErrorSignals;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.loki.LogQlText;
import dev.logremediation.loki.ReadPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pushed-down queries of the shipped watch, evaluated line by line as Loki does (the sandbox's LogQL): together
 * they select every line the classifier calls an error, each line by one query at most, and little normal traffic.
 * The filter is made only of literal alternatives, which Loki runs as substring searches (loki-http-api.md).
 */
class PushDownExactnessTest {

    private static final String WATCH_QUERY = "{component=\"jwt-pizza-service\"}";

    private final LogClassifier classifier = LogClassifier.defaults();
    private final ErrorSignals signals = classifier.errorSignals();
    private final List<LogQuery> queries = ReadPlan.pushDown(WATCH_QUERY, signals).queries().stream()
            .map(PushDownExactnessTest::parse).toList();

    @Test
    void everyErrorOfTheCorpusIsSelectedByExactlyOneQuery() {
        List<LogEntry> corpus = ErrorShapeCorpus.lines();
        List<LogEntry> errors = corpus.stream().filter(e -> classifier.classify(e) != null).toList();
        assertThat(errors).as("the corpus is mostly errors").hasSizeGreaterThan(corpus.size() * 3 / 4);
        assertThat(errors).allSatisfy(error -> assertThat(selecting(error)).as("queries selecting %s %s",
                error.labels(), error.line()).isEqualTo(1));
        assertThat(corpus).allSatisfy(line -> assertThat(selecting(line)).isLessThanOrEqualTo(1));
    }

    @Test
    void theSpecExamplesAreSelectedExactlyWhenTheyAreErrors() {
        for (LogEntry example : ErrorShapeCorpus.SPEC_EXAMPLES) {
            assertThat(selecting(example)).as(example.line())
                    .isEqualTo(classifier.classify(example) != null ? 1 : 0);
        }
    }

    @Test
    void normalTrafficIsMostlyNotSentAndNoErrorOfItIsLost() {
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(5);
        List<LogEntry> normal = IntStream.range(0, 20_000).mapToObj(i -> traffic.normalLine(i)).toList();
        long sent = normal.stream().filter(line -> selecting(line) > 0).count();
        // the 4 % of 404 answers whose stack says "Error: unknown user" are sent; the rest is not
        assertThat(sent).as("normal lines sent").isLessThan(normal.size() / 20);
        assertThat(normal).filteredOn(line -> classifier.classify(line) != null)
                .allSatisfy(error -> assertThat(selecting(error)).isEqualTo(1));
    }

    @Test
    void theLineFilterIsLiteralAlternativesThatGoKeepsAsLiterals() {
        List<String> alternatives = splitAlternatives(signals.lineRegex());
        assertThat(alternatives).hasSameSizeAs(signals.lineLiterals());
        for (String alternative : alternatives) {
            String literal = unescape(alternative);
            assertThat(signals.lineLiterals()).contains(literal);
            assertThat(literal).doesNotContain("`");
        }
        // Go's parser turns alternatives that differ only in their last character into a character class
        // (a|b -> [ab]); Loki runs a class with its regex engine instead of substring searches
        List<String> literals = signals.lineLiterals();
        for (String a : literals) {
            for (String b : literals) {
                if (!a.equals(b) && a.length() == b.length()) {
                    assertThat(a.substring(0, a.length() - 1)).as("%s and %s", a, b)
                            .isNotEqualTo(b.substring(0, b.length() - 1));
                }
            }
        }
    }

    @Test
    void aQueryWithAParserStageIsReadWhole() {
        ReadPlan plan = ReadPlan.pushDown(WATCH_QUERY + " | json", signals);
        assertThat(plan.pushedDown()).isFalse();
        assertThat(plan.queries()).containsExactly(WATCH_QUERY + " | json");
        assertThat(plan.fullReadReason()).contains("pipeline stages other than line filters");
    }

    @Test
    void theWatchsOwnLineFiltersStayInEveryQuery() {
        ReadPlan plan = ReadPlan.pushDown("{component=\"jwt-pizza-service\", type!=\"db\"} != \"healthcheck\"", signals);
        assertThat(plan.queries()).hasSize(4).allSatisfy(query -> assertThat(query)
                .startsWith("{component=\"jwt-pizza-service\", type!=\"db\", ").contains("} != \"healthcheck\""));
        assertThat(plan.queries().get(0)).endsWith("level=~\"" + signals.levelRegex().replace("\\", "\\\\")
                + "\"} != \"healthcheck\"");
    }

    private long selecting(LogEntry entry) {
        return queries.stream().filter(q -> q.matchesStream(entry.labels()) && q.matchesLine(entry.line())).count();
    }

    private static List<String> splitAlternatives(String regex) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                current.append(c).append(regex.charAt(++i));
            } else if (c == '|') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                assertThat("\\.+*?()[]{}^$").as("a regex operator in %s", regex).doesNotContain(String.valueOf(c));
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unescape(String alternative) {
        return alternative.replaceAll("\\\\(.)", "$1");
    }

    private static LogQuery parse(String query) {
        try {
            return LogQuery.parse(query);
        } catch (LogQlText.ParseException e) {
            throw new AssertionError(query, e);
        }
    }
}
