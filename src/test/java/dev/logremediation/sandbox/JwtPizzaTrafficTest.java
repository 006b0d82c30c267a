package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.LokiTestClient.lines;
import static dev.logremediation.sandbox.LokiTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.JwtPizzaTraffic.OutageShape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JwtPizzaTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    private static final long T0 = 1_795_769_014_000_000_000L;

    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(42);

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void chaosLinkHasTodaysShape() {
        assertThat(LINK).isEqualTo(
                "https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab");
    }

    @Test
    void linesDependOnlyOnSeedAndTimestamp() {
        assertThat(new JwtPizzaTraffic(42).normalLine(T0)).isEqualTo(traffic.normalLine(T0));
        assertThat(new JwtPizzaTraffic(42).chaosErrorLine(T0, LINK)).isEqualTo(traffic.chaosErrorLine(T0, LINK));
        List<LogEntry> seed42 = traffic.normalTraffic(T0, 1_000_000, 50);
        List<LogEntry> seed7 = new JwtPizzaTraffic(7).normalTraffic(T0, 1_000_000, 50);
        assertThat(seed42).isNotEqualTo(seed7);
        assertThat(seed42).extracting(LogEntry::timestampNanos).startsWith(T0, T0 + 1_000_000);
    }

    @Test
    void normalTrafficIsAMixOfHealthyShapesWithoutLinksOr500s() {
        List<LogEntry> entries = traffic.normalTraffic(T0, 1_000_000, 500);

        Set<String> types = new HashSet<>();
        Set<String> levels = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (LogEntry entry : entries) {
            assertThat(entry.labels()).containsEntry("component", JwtPizzaTraffic.SERVICE).containsKeys("level", "type");
            assertThat(entry.line()).doesNotContain("https://").doesNotContain("\"statusCode\":5");
            types.add(entry.labels().get("type"));
            levels.add(entry.labels().get("level"));
            JsonNode line = parse(entry.line());
            if (entry.labels().get("type").equals("db")) {
                assertThat(line.isTextual()).as("a db line is a bare JSON string of SQL").isTrue();
            } else {
                assertThat(line.path("reqBody").isTextual()).isTrue();
                assertThat(line.path("resBody").isTextual()).isTrue();
                parse(line.path("resBody").textValue()); // the body inside is JSON again
                paths.add(line.path("method").textValue() + " " + line.path("path").textValue());
                int status = line.path("statusCode").intValue();
                assertThat(entry.labels().get("level")).isEqualTo(status >= 400 ? "warn" : "info");
            }
        }
        assertThat(types).containsExactlyInAnyOrder("http", "db");
        assertThat(levels).containsExactlyInAnyOrder("info", "warn");
        assertThat(paths).contains("POST /api/order", "GET /api/order/menu", "PUT /api/auth", "GET /api/franchise");
    }

    @ParameterizedTest
    @EnumSource(ChaosShape.class)
    void everyChaosShapeCarriesTheLink(ChaosShape shape) {
        LogEntry entry = traffic.chaosErrorLine(T0, LINK, shape);

        assertThat(entry.line()).contains(LINK);
        assertThat(entry.timestampNanos()).isEqualTo(T0);
        JsonNode line = parse(entry.line());
        switch (shape) {
            case HTTP_RESPONSE -> {
                assertThat(entry.labels()).isEqualTo(Map.of("component", "jwt-pizza-service", "level", "error", "type", "http"));
                assertThat(line.path("statusCode").intValue()).isEqualTo(500);
                assertThat(parse(line.path("resBody").textValue()).path("followLinkToEndChaos").textValue()).isEqualTo(LINK);
            }
            case HTTP_RESPONSE_ENCODED_TWICE -> {
                assertThat(entry.labels()).containsEntry("level", "error").containsEntry("type", "http");
                JsonNode once = parse(line.path("resBody").textValue());
                assertThat(once.isTextual()).as("resBody holds a JSON string of JSON").isTrue();
                assertThat(parse(once.textValue()).path("message").textValue())
                        .isEqualTo("Failed to fulfill order at factory");
                assertThat(entry.line()).contains("\\\\\\\"" + LINK); // three backslashes before the quote
            }
            case FACTORY_REQUEST -> {
                assertThat(entry.labels()).containsEntry("level", "warn").containsEntry("type", "factory-request");
                assertThat(line.path("statusCode").intValue()).isEqualTo(500);
                assertThat(line.path("responseBody").path("reportUrl").textValue()).isEqualTo(LINK);
            }
            case FACTORY_ERROR_SOURCE_LABEL -> {
                assertThat(entry.labels()).isEqualTo(Map.of("level", "ERROR", "source", "jwt-pizza-service"));
                assertThat(line.path("type").textValue()).isEqualTo("factory");
                assertThat(line.path("response").path("reportUrl").textValue()).isEqualTo(LINK);
            }
        }
    }

    @Test
    void chaosShapesVaryWithTheTimestamp() {
        Set<Map<String, String>> labelSets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            LogEntry entry = traffic.chaosErrorLine(T0 + i, LINK);
            assertThat(entry.line()).contains(LINK);
            labelSets.add(entry.labels());
        }
        assertThat(labelSets).hasSize(3); // http error, factory-request warn, ERROR/source
    }

    @ParameterizedTest
    @EnumSource(OutageShape.class)
    void outagesAre500sWithoutALink(OutageShape shape) {
        LogEntry entry = traffic.outageErrorLine(T0, shape);

        assertThat(entry.line()).doesNotContain("http").containsAnyOf("ECONNREFUSED 127.0.0.1:3306", "fetch failed");
        assertThat(entry.labels()).containsEntry("level", "error");
        JsonNode line = parse(entry.line());
        if (shape == OutageShape.DATABASE_UNHANDLED) {
            assertThat(entry.labels()).containsEntry("type", "unhandledError");
            assertThat(line.path("message").textValue()).isEqualTo("connect ECONNREFUSED 127.0.0.1:3306");
        } else {
            assertThat(line.path("statusCode").intValue()).isEqualTo(500);
        }
    }

    @Test
    void pushedTrafficIsQueryableThroughTheSandboxLoki() {
        long t0 = LokiTestClient.anHourAgoNanos();
        List<LogEntry> entries = new ArrayList<>(traffic.normalTraffic(t0, 1_000_000, 200));
        entries.add(traffic.chaosErrorLine(t0 + 500_000, LINK, ChaosShape.HTTP_RESPONSE));
        entries.add(traffic.outageErrorLine(t0 + 700_000));

        try (SandboxLoki loki = SandboxLoki.start()) {
            JwtPizzaTraffic.pushTo(loki, entries);

            assertThat(loki.entryCount()).isEqualTo(202);
            assertThat(lines(new LokiTestClient(loki).queryRange(params(
                    "query", "{component=\"jwt-pizza-service\", level=\"error\"} |= \"/report/\"",
                    "start", Long.toString(t0), "end", Long.toString(t0 + 1_000_000_000L)))))
                    .containsExactly(entries.get(200).line());
        }
    }
}
