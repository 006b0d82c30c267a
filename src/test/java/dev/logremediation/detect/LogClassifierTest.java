package dev.logremediation.detect;

import static dev.logremediation.detect.JsonEscaping.encodedTimes;
import static dev.logremediation.detect.JsonEscaping.jsonString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.logremediation.loki.LogEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogClassifierTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String LINK = "https://pizza-factory.cs329.click/api/support/" + KEY + "/report/k3x9q2ab";
    private static final Map<String, String> HTTP_ERROR =
            Map.of("component", "jwt-pizza-service", "level", "error", "type", "http");
    private static final Map<String, String> HTTP_INFO =
            Map.of("component", "jwt-pizza-service", "level", "info", "type", "http");

    private final LogClassifier classifier = LogClassifier.defaults();

    @Test
    void status500WithoutLinkIsStillAnErrorWithNoLinks() {
        ErrorEvent event = classify(Map.of("component", "jwt-pizza-service"), """
                {"path":"/api/order","method":"POST","statusCode":500,"resBody":{"message":"fetch failed","stack":"TypeError: fetch failed"}}""");

        assertThat(event).isNotNull();
        assertThat(event.signature()).isEqualTo("POST /api/order 500 fetch failed");
        assertThat(event.links()).isEmpty();
    }

    @Test
    void clientErrorAtWarnIsNotAnError() {
        assertThat(classify(Map.of("component", "jwt-pizza-service", "level", "warn", "type", "http"), """
                {"path":"/api/auth","method":"PUT","statusCode":404,"resBody":"{\\"message\\":\\"unknown user\\"}"}"""))
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"status\":503", "\"status\": \"502\"", "\"httpStatus\":500", "\"status_code\":599"})
    void serverErrorStatusUnderOtherKeysIsAnError(String field) {
        assertThat(classify(HTTP_INFO, "{" + field + ",\"message\":\"upstream\"}")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"statusCode\":200", "\"statusCode\":5000", "\"statusText\":\"500\"", "\"status\":\"ok\""})
    void statusLookalikesAreNotErrors(String field) {
        assertThat(classify(HTTP_INFO, "{" + field + ",\"message\":\"fine\"}")).isNull();
    }

    @Test
    void statusInsideAResponseBodyEncodedThreeTimesIsFoundWithItsMessage() {
        String body = "{\"statusCode\":500,\"message\":\"Failed to fulfill order at factory\",\"followLinkToEndChaos\":\""
                + LINK + "\"}";
        String line = "{\"type\":\"factory\",\"resBody\":" + encodedTimes(body, 3, true, true) + "}";

        ErrorEvent event = classify(Map.of("source", "pizza"), line);

        assertThat(event).isNotNull();
        assertThat(event.signature()).isEqualTo("factory 500 Failed to fulfill order at factory");
        assertThat(event.links()).containsExactly(LINK);
    }

    @Test
    void successfulOrderCarryingALinkIsAnError() {
        // throttle and badjwt chaos: the order succeeds (200) but the link shows chaos is running
        ErrorEvent event = classify(HTTP_INFO, "{\"path\":\"/api/order\",\"method\":\"POST\",\"statusCode\":200,"
                + "\"resBody\":" + jsonString("{\"jwt\":\"dead.x.y\",\"reportSlowPizzaToFactoryUrl\":\"" + LINK + "\"}",
                false, false) + "}");

        assertThat(event).isNotNull();
        assertThat(event.signature()).isEqualTo("POST /api/order 200 with chaos link (bad pizza token)");
        assertThat(event.kind()).isEqualTo(FailureKind.BAD_TOKEN);
        assertThat(event.links()).containsExactly(LINK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"error", "ERROR", "Error", "fatal", "critical"})
    void errorLevelLabelInAnyCaseIsAnError(String level) {
        assertThat(classify(Map.of("app", "shop", "level", level), "something broke")).isNotNull();
    }

    @Test
    void loki3DetectedLevelLabelIsALevel() {
        ErrorEvent event = classify(Map.of("service_name", "jwt-pizza-service", "detected_level", "error"),
                "Error: connect ECONNREFUSED 127.0.0.1:3306\n    at TCPConnectWrap.afterConnect");

        assertThat(event).isNotNull();
        assertThat(event.key()).isEqualTo("jwt-pizza-service");
        assertThat(event.signature()).isEqualTo("Error: connect ECONNREFUSED 127.0.0.1:3306");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"level\":\"error\",\"message\":\"boom\"}",
            "{\"level\":\"ERROR\",\"message\":\"boom\"}",
            "{\"severity\":\"Error\",\"message\":\"boom\"}",
            "{\"level\":50,\"msg\":\"boom\"}",
            "level=error msg=boom",
    })
    void errorLevelFieldInTheLineIsAnError(String line) {
        ErrorEvent event = classify(Map.of("component", "jwt-pizza-service", "level", "info"), line);

        assertThat(event).isNotNull();
        assertThat(event.signature()).endsWith("boom");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"level\":\"info\",\"message\":\"listening on 3000\"}",
            "{\"detected_level\":\"error\",\"message\":\"not a level key\"}",
            "{\"message\":\"error level reached\",\"levels\":\"error\"}",
    })
    void nonErrorLevelsAreNotErrors(String line) {
        assertThat(classify(Map.of("component", "jwt-pizza-service"), line)).isNull();
    }

    @Test
    void keyComesFromTheFirstConfiguredLabelPresentElseUnknown() {
        String line = "{\"statusCode\":500}";

        assertThat(classify(Map.of("source", "s", "app", "a"), line).key()).isEqualTo("s");
        assertThat(classify(Map.of("service_name", "svc", "app", "a"), line).key()).isEqualTo("svc");
        assertThat(classify(Map.of("component", " ", "app", "a"), line).key()).isEqualTo("a");
        assertThat(classify(Map.of("level", "error"), line).key()).isEqualTo(LogClassifier.UNKNOWN_KEY);
        LogClassifier byApp = new LogClassifier(List.of("app", "component"), ResolutionLinkExtractor.defaults());
        assertThat(byApp.classify(new LogEntry(1, Map.of("component", "c", "app", "a"), line)).key()).isEqualTo("a");
    }

    @Test
    void idsAndNumbersDoNotMakeSignaturesDistinct() {
        ErrorEvent first = classify(HTTP_ERROR, """
                {"path":"/api/order/123?page=0","method":"get","statusCode":500,"resBody":{"message":"Order 279 failed at 2025-01-01T10:00:00.123Z after 41.2ms (id 9f1c2d3e4b5a69788796a5b4c3d2e1f0)"}}""");
        ErrorEvent second = classify(HTTP_ERROR, """
                {"path":"/api/order/456?page=3","method":"GET","statusCode":500,"resBody":{"message":"Order 280 failed at 2025-02-03T11:12:13.456Z after 7ms (id 00112233445566778899aabbccddeeff)"}}""");

        assertThat(first.signature()).isEqualTo(second.signature())
                .isEqualTo("GET /api/order/{id} 500 Order {n} failed at {ts} after {n}ms (id {id})");
    }

    @Test
    void signatureIsOneLineWithoutControlCharactersOrMarkup() {
        ErrorEvent event = classify(HTTP_ERROR, "{\"path\":\"/api/order\",\"method\":\"POST\",\"statusCode\":500,"
                + "\"resBody\":{\"message\":\"bad\\r\\nSet-Cookie: x\\u0000<script>alert(1)</script>\\t\\u2028end\"}}");

        assertThat(event.signature()).isEqualTo("POST /api/order 500 bad Set-Cookie: x alert({n}) end");
    }

    @Test
    void signatureOfRawMultiLineTextIsItsFirstLine() {
        ErrorEvent event = classify(HTTP_ERROR, "<b>Internal</b>\r\nServer Error\n   at line 2");

        assertThat(event.signature()).isEqualTo("http Internal");
    }

    @Test
    void signatureIsBoundedAndNeverHoldsTheApiKey() {
        ErrorEvent event = classify(HTTP_ERROR, "{\"statusCode\":500,\"message\":\"chaos, go to " + LINK + " "
                + "word ".repeat(100) + "\"}");

        assertThat(event.signature()).hasSizeLessThanOrEqualTo(120).doesNotContain(KEY).doesNotContain("\n")
                .startsWith("http 500 chaos, go to https://pizza-factory.cs329.click word");
        assertThat(event.links()).containsExactly(LINK);
    }

    @Test
    void sampleLineIsMaskedButLinksStayUsable() {
        ErrorEvent event = classify(HTTP_ERROR, "{\"statusCode\":500,\"reqBody\":\"{\\\"password\\\":\\\"diner\\\"}\","
                + "\"authorization\":\"Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZCI6M30.c2ln\",\"resBody\":\"{\\\"reportUrl\\\":\\\""
                + LINK + "\\\"}\"}");

        assertThat(event.line()).doesNotContain(KEY).doesNotContain("diner").doesNotContain("eyJpZCI6M30")
                .contains("/api/support/0123****/report/k3x9q2ab");
        assertThat(event.links()).containsExactly(LINK);
        assertThat(event.timestampNanos()).isEqualTo(42L);
    }

    @Test
    void nonJsonTextIsClassifiedByLabelsAndLinks() {
        assertThat(classify(HTTP_INFO, "Server listening on port 3000")).isNull();
        ErrorEvent event = classify(HTTP_INFO, "chaos detected, see " + LINK + " now");
        assertThat(event).isNotNull();
        assertThat(event.links()).containsExactly(LINK);
        assertThat(event.signature()).isEqualTo("http chaos detected, see https://pizza-factory.cs329.click now");
    }

    @Test
    void invalidJsonWithStatus500IsAnErrorReadTextually() {
        ErrorEvent event = classify(Map.of("component", "jwt-pizza-service"), "{\"statusCode\":500,");

        assertThat(event).isNotNull();
        assertThat(event.signature()).isEqualTo("500");
        assertThat(classify(HTTP_ERROR, "{\"method\":\"PUT\",\"path\":\"/api/auth\",\"statusCode\":503,\"message\":\"down")
                .signature()).isEqualTo("PUT /api/auth 503 down");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[", "\"", "\"unterminated", "{\"a\":", "null", "[1,2,3]", "\"\\\"{\\\"\"",
            "{\"resBody\":\"\\\"{\\\\\\\"broken\"}", "\u0000\u0001", "}{", "http://"})
    void oddLinesNeverThrowAndErrorsAlwaysGetASignature(String line) {
        assertThat(classify(HTTP_INFO, line)).isNull();
        ErrorEvent event = classify(HTTP_ERROR, line);
        assertThat(event).isNotNull();
        assertThat(event.signature()).isNotBlank().doesNotContain("\n").doesNotContain("\u0000");
    }

    @Test
    void emptyErrorLineFallsBackToTypeOrError() {
        assertThat(classify(HTTP_ERROR, "").signature()).isEqualTo("http");
        assertThat(classify(Map.of("level", "error"), "").signature()).isEqualTo("error");
        assertThat(classifier.classify(new LogEntry(1, Map.of("level", "error"), null)).signature()).isEqualTo("error");
    }

    @Test
    void megabyteLineIsClassifiedQuicklyAndTheSampleIsTruncated() {
        String huge = "{\"method\":\"POST\",\"path\":\"/api/order\",\"statusCode\":500,\"reqBody\":\""
                + "x".repeat(1 << 20) + "\",\"resBody\":\"{\\\"message\\\":\\\"boom\\\"}\"}";

        ErrorEvent event = assertTimeout(Duration.ofSeconds(2), () -> classify(HTTP_INFO, huge));

        assertThat(event).isNotNull();
        assertThat(event.signature()).isEqualTo("POST /api/order 500");
        assertThat(event.line()).hasSize(LogClassifier.MAX_SAMPLE_CHARS).isEqualTo(huge.substring(0, 2000));
    }

    @Test
    void megabyteOfNestingOrEscapesDoesNotBlowUp() {
        String nested = "{\"a\":".repeat(200_000) + "1";
        String escapes = "{\"statusCode\":500,\"m\":\"" + "\\".repeat(1 << 20) + "\"}";

        assertTimeout(Duration.ofSeconds(2), () -> {
            assertThat(classify(HTTP_INFO, nested)).isNull();
            assertThat(classify(HTTP_ERROR, nested).signature()).isEqualTo("http");
            assertThat(classify(HTTP_INFO, escapes).signature()).isEqualTo("http 500");
        });
    }

    @Test
    void deeplyNestedJsonWithinTheScanLimitFallsBackWithoutException() {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);

        assertThat(classify(HTTP_ERROR, nested).signature()).isEqualTo("http");
    }

    @Test
    void extraLinkPatternsMakeALineAnError() {
        LogClassifier custom = new LogClassifier(LogClassifier.DEFAULT_KEY_LABELS,
                new ResolutionLinkExtractor(List.of(Pattern.compile("https://chaos\\.example\\.com/end/\\w+"))));
        LogEntry entry = new LogEntry(1, HTTP_INFO, "{\"statusCode\":200,\"resBody\":\"{\\\"fix\\\":\\\""
                + "https:\\\\/\\\\/chaos.example.com\\\\/end\\\\/abc\\\"}\"}");

        assertThat(classifier.classify(entry)).isNull();
        assertThat(custom.classify(entry).links()).containsExactly("https://chaos.example.com/end/abc");
    }

    private ErrorEvent classify(Map<String, String> labels, String line) {
        return classifier.classify(new LogEntry(42L, labels, line));
    }
}
