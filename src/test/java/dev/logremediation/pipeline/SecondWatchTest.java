package dev.logremediation.pipeline;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A second watched service is one YAML block in watches.camel.yaml: its own query, threshold and recipients. */
class SecondWatchTest {

    private static final String SECOND_WATCH = """

            - templatedRoute:
                routeTemplateRef: poll-loki
                routeId: watch-franchise-shop
                parameters:
                  - name: name
                    value: franchise-shop
                  - name: query
                    value: '{component="franchise-shop"}'
                  - name: threshold
                    value: "3"
                  - name: recipients
                    value: franchise-oncall@demo.local
            """;

    @Test
    void eachWatchFiresOnItsOwnThresholdToItsOwnRecipients(@TempDir Path routes) throws Exception {
        String routeFiles = RunningPipeline.routesWith(routes, SECOND_WATCH, true);
        // a short window: the first watch's three errors end below its threshold a window after the last one
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("incident.window", "5s",
                "camel.main.routes-include-pattern", routeFiles))) {
            String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
            long ts = RunningPipeline.nowNanos() - 3_000_000_000L;
            JwtPizzaTraffic pizza = new JwtPizzaTraffic(1);
            JwtPizzaTraffic franchise = new JwtPizzaTraffic(2, "franchise-shop");
            for (int i = 0; i < 3; i++) {
                pipeline.loki.push(pizza.chaosErrorLine(ts + i, link, ChaosShape.HTTP_RESPONSE));
                pipeline.loki.push(franchise.chaosErrorLine(ts + i, link, ChaosShape.HTTP_RESPONSE));
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.subjects().stream()
                    .anyMatch(s -> s.startsWith("[FIRING] franchise-shop: 3 errors")));
            var firing = pipeline.emails().stream().filter(m -> RunningPipeline.subject(m).startsWith("[FIRING]"))
                    .toList();
            assertThat(firing).singleElement().satisfies(m -> assertThat(m.getAllRecipients())
                    .extracting(Object::toString).containsExactly("franchise-oncall@demo.local"));
            // three errors stay below the first watch's default threshold of five
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.closing().belowThresholdCount() >= 1);
            assertThat(pipeline.subjects()).noneMatch(s -> s.startsWith("[FIRING] jwt-pizza-service"));
        }
    }
}
