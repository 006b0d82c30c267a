package dev.logremediation.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.loki.LogEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every example line of the spec ({@code jwt-pizza.md}, "How operators' logs look in Loki"), with its labels.
 * Text blocks process escapes, so each backslash of the stored line is written twice here.
 */
class SpecExamplesTest {

    private static final String LINK =
            "https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab";

    private final LogClassifier classifier = LogClassifier.defaults();

    @Test
    void failedOrderWithChaosLinkInResBody() {
        ErrorEvent event = classify(
                Map.of("component", "jwt-pizza-service", "level", "error", "type", "http"),
                """
                {"authorized":true,"path":"/api/order","method":"POST","statusCode":500,"reqBody":"{\\"franchiseId\\":1,\\"storeId\\":1,\\"items\\":[{\\"menuId\\":1,\\"description\\":\\"Veggie\\",\\"price\\":0.0038}]}","resBody":"{\\"message\\":\\"Failed to fulfill order at factory\\",\\"followLinkToEndChaos\\":\\"https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab\\"}"}""");

        assertThat(event).isNotNull();
        assertThat(event.key()).isEqualTo("jwt-pizza-service");
        assertThat(event.signature()).isEqualTo("POST /api/order 500 Failed to fulfill order at factory");
        assertThat(event.links()).containsExactly(LINK);
    }

    @Test
    void factoryRequestWarnLineWithStatus500IsAnError() {
        ErrorEvent event = classify(
                Map.of("component", "jwt-pizza-service", "level", "warn", "type", "factory-request"),
                """
                {"durationMs":41.2,"statusCode":500,"success":false,"requestBody":{"order":{"id":279}},"responseBody":{"message":"chaos monkey","reportUrl":"https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab"}}""");

        assertThat(event).isNotNull();
        assertThat(event.key()).isEqualTo("jwt-pizza-service");
        assertThat(event.signature()).isEqualTo("factory-request 500 chaos monkey");
        assertThat(event.links()).containsExactly(LINK);
    }

    @Test
    void upperCaseLevelSourceLabelAndTypeInsideTheLine() {
        ErrorEvent event = classify(
                Map.of("level", "ERROR", "source", "jwt-pizza-service"),
                """
                {"type":"factory","error":"Pizza factory error","response":{"message":"chaos monkey","reportUrl":"https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab"}}""");

        assertThat(event).isNotNull();
        assertThat(event.key()).isEqualTo("jwt-pizza-service");
        assertThat(event.signature()).isEqualTo("factory chaos monkey"); // the response's message, not the logger's
        assertThat(event.links()).containsExactly(LINK);
    }

    @Test
    void databaseDownWithResBodyEncodedTwice() {
        ErrorEvent event = classify(
                Map.of("component", "jwt-pizza-service", "level", "error", "type", "http"),
                """
                {"authorized":false,"path":"/api/order/menu","method":"GET","statusCode":500,"reqBody":"{}","resBody":"\\"{\\\\\\"message\\\\\\":\\\\\\"connect ECONNREFUSED 127.0.0.1:3306\\\\\\",\\\\\\"stack\\\\\\":\\\\\\"Error: connect ECONNREFUSED 127.0.0.1:3306\\\\\\\\n    at ...\\\\\\"}\\""}""");

        assertThat(event).isNotNull();
        assertThat(event.key()).isEqualTo("jwt-pizza-service");
        assertThat(event.signature()).isEqualTo("GET /api/order/menu 500 connect ECONNREFUSED 127.0.0.1:3306");
        assertThat(event.links()).isEmpty();
    }

    @Test
    void unhandledErrorWithOnlyAMessage() {
        ErrorEvent event = classify(
                Map.of("component", "jwt-pizza-service", "level", "error", "type", "unhandledError"),
                """
                {"message":"connect ECONNREFUSED 127.0.0.1:3306"}""");

        assertThat(event).isNotNull();
        assertThat(event.key()).isEqualTo("jwt-pizza-service");
        assertThat(event.signature()).isEqualTo("unhandledError connect ECONNREFUSED 127.0.0.1:3306");
        assertThat(event.links()).isEmpty();
    }

    @Test
    void bareJsonStringOfSqlAtInfoIsNotAnError() {
        assertThat(classify(
                Map.of("component", "jwt-pizza-service", "level", "info", "type", "db"),
                """
                "INSERT INTO dinerOrder (dinerId, franchiseId, storeId, date) VALUES (?, ?, ?, now())\"""")).isNull();
    }

    @Test
    void successfulOrderAtInfoIsNotAnErrorThoughItHasAJwt() {
        assertThat(classify(
                Map.of("component", "jwt-pizza-service", "level", "info", "type", "http"),
                """
                {"authorized":true,"path":"/api/order","method":"POST","statusCode":200,"reqBody":"{\\"franchiseId\\":1,\\"storeId\\":1,\\"items\\":[{\\"menuId\\":1,\\"description\\":\\"Veggie\\",\\"price\\":0.0038}]}","resBody":"{\\"order\\":{\\"franchiseId\\":1,\\"storeId\\":1,\\"items\\":[{\\"menuId\\":1,\\"description\\":\\"Veggie\\",\\"price\\":0.0038}],\\"id\\":278},\\"jwt\\":\\"eyJpYXQiOjE3NjQ2MDAwMDAsImV4cCI6.x.y\\"}"}""")).isNull();
    }

    @Test
    void theDatabaseExampleReallyHoldsJsonEncodedTwice() throws Exception {
        // guards the transcription above: the stored resBody is a JSON string of a JSON string of an object
        String line = """
                {"resBody":"\\"{\\\\\\"message\\\\\\":\\\\\\"connect ECONNREFUSED 127.0.0.1:3306\\\\\\"}\\""}""";
        ObjectMapper json = new ObjectMapper();
        String once = json.readTree(line).get("resBody").asText();
        String twice = json.readTree(once).asText();

        assertThat(json.readTree(twice).get("message").asText()).isEqualTo("connect ECONNREFUSED 127.0.0.1:3306");
    }

    private ErrorEvent classify(Map<String, String> labels, String line) {
        return classifier.classify(new LogEntry(1_764_600_000_000_000_000L, labels, line));
    }
}
