package dev.logremediation.pipeline;

import dev.logremediation.loki.LogEntry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The poll route against the sandbox Loki, with what it hands to detection captured in place of detection. */
class LokiPagingTest {

    private static final Map<String, String> INFO = Map.of("component", "jwt-pizza-service", "level", "info");
    private static final Map<String, String> ERROR = Map.of("component", "jwt-pizza-service", "level", "error");

    /** Replaces the hand-off to detection with a mock, so the test sees exactly the entries the poller delivers. */
    private static MockEndpoint capturePages(RunningPipeline pipeline) throws Exception {
        AdviceWith.adviceWith(pipeline.context(), "watch-jwt-pizza-service",
                route -> route.weaveById("to-detect").before().to("mock:delivered"));
        return pipeline.context().getEndpoint("mock:delivered", MockEndpoint.class);
    }

    private static List<LogEntry> delivered(MockEndpoint mock) {
        List<LogEntry> all = new ArrayList<>();
        for (Exchange page : mock.getExchanges()) {
            @SuppressWarnings("unchecked")
            List<LogEntry> entries = page.getIn().getBody(List.class);
            all.addAll(entries);
        }
        return all;
    }

    /**
     * Pushed down, the error stream is read by the level query and the info stream by the line-filter query: their
     * pages are merged into one ordered stream.
     */
    @ParameterizedTest(name = "page limit {0}, push-down {1}")
    @CsvSource({"2,false", "3,false", "7,false", "2,true", "3,true", "7,true"})
    void everyLineOnceAndInOrderWhateverThePageSize(int pageLimit, boolean pushDown) throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.page-limit", Integer.toString(pageLimit),
                "loki.push-down", Boolean.toString(pushDown)))) {
            MockEndpoint mock = capturePages(pipeline);
            long base = RunningPipeline.nowNanos() - 10_000_000_000L;
            List<LogEntry> pushed = new ArrayList<>();
            for (int ns = 0; ns < 4; ns++) {
                for (int i = 0; i < 5; i++) {
                    // the same text in both streams; a 5xx status, so that a pushed-down read asks for it too
                    String text = "{\"statusCode\":503,\"line\":\"" + ns + "." + i + "\"}";
                    pushed.add(new LogEntry(base + ns, INFO, text));
                    pushed.add(new LogEntry(base + ns, ERROR, text));
                }
            }
            pushed.forEach(e -> pipeline.loki.push(e.labels(), e.timestampNanos(), e.line()));

            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(mock).size() >= pushed.size());
            // a few more polls re-read the same range: nothing may come twice
            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.loki.queryCount() >= queries + 3);

            List<LogEntry> got = delivered(mock);
            assertThat(got).containsExactlyInAnyOrderElementsOf(pushed);
            assertThat(got).extracting(LogEntry::timestampNanos).isSorted();
            assertThat(pipeline.loki.queryRequests()).allSatisfy(uri -> assertThat(uri.getQuery())
                    .contains("direction=forward").containsPattern("start=\\d{19}&end=\\d{19}"));
        }
    }

    @Test
    void aBadQueryIsReportedWithLokisOwnMessageAndNotRetried() throws Exception {
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.first-poll-delay", "2s"))) {
            pipeline.loki.failNext(400, "application/json", "parse error at line 1, col 12: syntax error: unexpected IDENTIFIER");
            await().atMost(Duration.ofSeconds(20)).until(() -> !log.lines("ERROR").isEmpty());
            int queriesAtError = pipeline.loki.queryCount();

            assertThat(log.lines("ERROR")).singleElement().asString()
                    .contains("Watch jwt-pizza-service")
                    .contains("{component=\"jwt-pizza-service\"}")
                    .contains("HTTP 400: parse error at line 1, col 12: syntax error: unexpected IDENTIFIER");
            assertThat(queriesAtError).isEqualTo(1);
            // the route keeps running: the next polls succeed
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= 3);
            assertThat(log.lines("ERROR")).hasSize(1);
        }
    }

    @Test
    void aPageThatFailsInDetectionKeepsTheCursorAndIsReadAgain() throws Exception {
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.first-poll-delay", "0"))) {
            java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger(1);
            AdviceWith.adviceWith(pipeline.context(), "detect", route -> route.weaveById("keep-errors").before()
                    .process(exchange -> {
                        if (!exchange.getIn().getBody(List.class).isEmpty() && failuresLeft.getAndDecrement() > 0) {
                            throw new IllegalStateException("detection down for one page");
                        }
                    }));
            // a saved cursor first, then the lines: the page holding them fails once in detection
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= 2);
            long ts = RunningPipeline.nowNanos() - 2_000_000_000L;
            for (int i = 0; i < 5; i++) {
                pipeline.loki.push(ERROR, ts + i, "{\"statusCode\":500,\"message\":\"boom " + i + "\"}");
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[FIRING] jwt-pizza-service: 5 errors")));
            assertThat(failuresLeft.get()).as("the page did fail once").isNegative();
            assertThat(log.lines("ERROR")).anyMatch(m -> m.contains("detection down for one page"));
            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() > queries + 1);
            assertThat(pipeline.subjects()).as("one FIRING, nothing else").hasSize(1);
        }
    }

    @Test
    void busyOrFailingLokiIsRetriedAndNothingIsLost() throws Exception {
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.first-poll-delay", "2s"))) {
            MockEndpoint mock = capturePages(pipeline);
            pipeline.loki.failNext(429, "text/plain", "too many outstanding requests");
            pipeline.loki.failNext(503, "text/plain", "Service Unavailable");
            LogEntry line = new LogEntry(RunningPipeline.nowNanos() - 1_000_000_000L, ERROR, "after the retries");
            pipeline.loki.push(line.labels(), line.timestampNanos(), line.line());

            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(mock).contains(line));
            assertThat(delivered(mock)).containsOnlyOnce(line);
            assertThat(log.lines("WARN")).noneMatch(m -> m.contains("gave up"));
            assertThat(log.lines("ERROR")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html><body>502 Bad Gateway</body></html>", "", "{\"status\":\"success\",\"data\":",
        "\u0000\u0001garbage"})
    void anAnswerThatIsNotLokisIsReportedOnceAndTheNextPollCatchesUp(String body) throws Exception {
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.first-poll-delay", "2s"))) {
            MockEndpoint mock = capturePages(pipeline);
            pipeline.loki.failNext(200, "text/html", body);
            LogEntry line = new LogEntry(RunningPipeline.nowNanos() - 1_000_000_000L, ERROR, "still delivered");
            pipeline.loki.push(line.labels(), line.timestampNanos(), line.line());

            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(mock).contains(line));
            assertThat(log.lines("WARN")).singleElement().asString()
                    .startsWith("Watch jwt-pizza-service: Loki's answer is not a query_range result")
                    .doesNotContain("\n");
            assertThat(delivered(mock)).containsOnlyOnce(line);
        }
    }

    /**
     * Lines are read about twice, not overlap / poll interval times: once new (and again within loki.recheck), and
     * once more when their stretch of log time has turned loki.overlap old; a line later than the recheck is found
     * then, once.
     */
    @Test
    void eachLineIsReadAboutTwiceAndALateLineIsFoundWhenItsStretchTurnsOverlapOld() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.overlap", "3s", "loki.recheck", "100ms",
                "loki.push-down", "false", "loki.first-poll-delay", "0"))) {
            MockEndpoint mock = capturePages(pipeline);
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= 2);
            // six seconds of traffic ahead of now: each poll reads the lines its end has passed
            long start = RunningPipeline.nowNanos();
            List<LogEntry> pushed = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                pushed.add(new LogEntry(start + i * 50_000_000L, INFO, "line " + i));
            }
            pushed.forEach(e -> pipeline.loki.push(e.labels(), e.timestampNanos(), e.line()));
            LogEntry late = new LogEntry(start - 1_500_000_000L, INFO, "late by a second and a half");
            pipeline.loki.push(late.labels(), late.timestampNanos(), late.line());

            await().atMost(Duration.ofSeconds(30)).until(() -> delivered(mock).size() >= pushed.size() + 1);
            // until every line's stretch was read again, then a few polls more
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.loki.linesSent() >= 2L * pushed.size());
            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= queries + 2);

            assertThat(delivered(mock)).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.Stream.concat(pushed.stream(), java.util.stream.Stream.of(late)).toList());
            assertThat(pipeline.loki.linesSent()).as("lines Loki sent for %d pushed", pushed.size() + 1)
                    .isBetween((long) pushed.size() * 2, (long) pushed.size() * 3);
        }
    }

    @Test
    void extraLinkPatternsReadEveryLineAndSaySoOnce() throws Exception {
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.first-poll-delay", "0",
                     "detect.extra-link-patterns", "https://relay\\.example/fix/\\w+"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= 3);
            assertThat(pipeline.loki.queriesAsked()).containsExactly("{component=\"jwt-pizza-service\"}");
            assertThat(log.lines("INFO")).filteredOn(line -> line.contains("reads every line")).singleElement()
                    .asString().contains("Watch jwt-pizza-service").contains("detect.extra-link-patterns is set");
        }
    }

    @Test
    void aWatchThatOptsOutReadsItsOwnQuery() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.first-poll-delay", "0",
                "loki.push-down", "false"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= 3);
            assertThat(pipeline.loki.queriesAsked()).containsExactly("{component=\"jwt-pizza-service\"}");
        }
    }
}
