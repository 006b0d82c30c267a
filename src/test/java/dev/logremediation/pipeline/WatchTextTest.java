package dev.logremediation.pipeline;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch's query and recipients are text, taken as written: quotes, backslashes and what looks like a placeholder
 * or an expression reach Loki and SMTP unchanged.
 */
class WatchTextTest {

    /** A line filter with an apostrophe, an escaped quote and backslash, a placeholder and a Simple expression. */
    private static final String SELECTOR = "{component=\"jwt-pizza-service\"";
    private static final String LINE_FILTER = " != \"can't {{x}} ${x} \\\\ \\\" happen\"";
    private static final String QUERY = SELECTOR + "}" + LINE_FILTER;

    private static final String WATCH = """
            - templatedRoute:
                routeTemplateRef: poll-loki
                routeId: watch-jwt-pizza-service
                parameters:
                  - name: name
                    value: jwt-pizza-service
                  - name: query
                    value: '%s'
                  - name: recipients
                    value: "o'brien@example.com"
            """.formatted(QUERY.replace("'", "''"));

    @Test
    void anOddQueryReachesLokiUnchangedAndItsErrorsAreMailedToAnOddAddress(@TempDir Path routes) throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of(
                "camel.main.routes-include-pattern", RunningPipeline.routesWith(routes, WATCH, false)))) {
            String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
            long ts = RunningPipeline.nowNanos() - 3_000_000_000L;
            JwtPizzaTraffic pizza = new JwtPizzaTraffic(1);
            for (int i = 0; i < 5; i++) {
                pipeline.loki.push(pizza.chaosErrorLine(ts + i, link, ChaosShape.HTTP_RESPONSE));
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[FIRING] jwt-pizza-service")));
            // pushed down, each query is the watch's selector and line filter, as written, with matchers added between
            assertThat(pipeline.loki.queryRequests()).isNotEmpty().allSatisfy(uri -> assertThat(query(uri))
                    .startsWith(SELECTOR).contains("}" + LINE_FILTER));
            assertThat(pipeline.emails().get(0).getAllRecipients()).extracting(Object::toString)
                    .containsExactly("o'brien@example.com");
        }
    }

    private static String query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).filter(pair -> pair.startsWith("query="))
                .map(pair -> URLDecoder.decode(pair.substring("query=".length()), StandardCharsets.UTF_8))
                .findFirst().orElseThrow();
    }
}
