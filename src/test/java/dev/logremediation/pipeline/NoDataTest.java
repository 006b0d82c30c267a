package dev.logremediation.pipeline;

import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch whose query has a typo polls Loki successfully and reads nothing: one NO DATA email that shows the label
 * values Loki does hold, none again after a restart, and one DATA BACK email when lines come.
 */
class NoDataTest {

    private static final String TYPO_WATCH = """

            - templatedRoute:
                routeTemplateRef: poll-loki
                routeId: watch-pizza-typo
                parameters:
                  - name: name
                    value: pizza-typo
                  - name: query
                    value: '{component="jwt-pizza-servce"}'
                  - name: noDataAfter
                    value: 2s
            """;

    @Test
    void aWatchThatSelectsNothingSendsOneNoDataWithTheLabelHintAndOneDataBack(@TempDir Path routes) throws Exception {
        String routeFiles = RunningPipeline.routesWith(routes, TYPO_WATCH, true);
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of(
                     "camel.main.routes-include-pattern", routeFiles,
                     // the shipped watch keeps the default: it must not tell anything in this test
                     "watch.no-data-after", "1h",
                     "watch.no-data-check-interval", "200"))) {
            long now = RunningPipeline.nowNanos();
            pipeline.loki.push(Map.of("component", "jwt-pizza-service", "level", "info"), now - 2_000_000_000L,
                    "{\"msg\":\"listening\"}");
            pipeline.loki.push(Map.of("source", "pizza-factory", "level", "info"), now - 1_000_000_000L,
                    "{\"msg\":\"order\"}");

            await().atMost(Duration.ofSeconds(20)).until(() -> subjectsOf(pipeline).size() == 1);
            MimeMessage noData = emailsOf(pipeline).get(0);
            assertThat(SandboxMail.subject(noData)).isEqualTo("[NO DATA] pizza-typo: no line for 2s");
            assertThat(SandboxMail.part(noData, "text/plain"))
                    .contains("{component=\"jwt-pizza-servce\"}")
                    .contains("Newest line the query selects: none in the last 1d")
                    .contains("component has values: jwt-pizza-service (none matches component=\"jwt-pizza-servce\")")
                    .contains("label names that exist: component, level, source");

            // a restart finds the same silence: the outbox knows it was told
            pipeline.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> noDataLogLines(log) == 2);

            // lines come again, one every 500 ms for 20 s (a line is read once its time has come)
            long back = RunningPipeline.nowNanos();
            for (int i = 0; i < 40; i++) {
                pipeline.loki.push(Map.of("component", "jwt-pizza-servce"), back + i * 500_000_000L, "hello " + i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> subjectsOf(pipeline).size() == 2);
            MimeMessage dataBack = emailsOf(pipeline).get(1);
            assertThat(SandboxMail.subject(dataBack)).isEqualTo("[DATA BACK] pizza-typo: its query selects lines again");
            assertThat(dataBack.getHeader("In-Reply-To")).containsExactly(noData.getMessageID());

            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() > queries + 20);
            assertThat(subjectsOf(pipeline)).hasSize(2);
            assertThat(pipeline.subjects()).noneMatch(s -> s.contains("jwt-pizza-service"));
        }
    }

    private static long noDataLogLines(CapturedLog log) {
        return log.lines("WARN").stream().filter(line -> line.startsWith("Watch pizza-typo: its query")).count();
    }

    private static List<MimeMessage> emailsOf(RunningPipeline pipeline) {
        return pipeline.emails().stream().filter(m -> SandboxMail.subject(m).contains("pizza-typo")).toList();
    }

    private static List<String> subjectsOf(RunningPipeline pipeline) {
        return emailsOf(pipeline).stream().map(SandboxMail::subject).toList();
    }
}
