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
        assertThat(event.kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(event.orderSide()).isEqualTo(ErrorEvent.OrderSide.SERVICE);
        assertThat(event.orderId()).as("a failed answer holds no order id").isEqualTo(-1);
        assertThat(event.latencyMillis()).isEqualTo(-1);
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
        assertThat(event.kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(event.orderSide()).isEqualTo(ErrorEvent.OrderSide.FACTORY);
        assertThat(event.orderId()).isEqualTo(279);
        assertThat(event.latencyMillis()).isEqualTo(41);
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
        assertThat(event.kind()).isEqualTo(FailureKind.ERROR_LEVEL);
        assertThat(event.orderSide()).isEqualTo(ErrorEvent.OrderSide.FACTORY);
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
        assertThat(event.kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(event.orderSide()).as("reading the menu is not an order").isEqualTo(ErrorEvent.OrderSide.NONE);
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
        assertThat(event.kind()).isEqualTo(FailureKind.ERROR_LEVEL);
    }

    /** Throttle chaos: the spec's successful order line, answered 200 (slowly) with the link next to the pizza. */
    @Test
    void successfulOrderCarryingTheLinkIsASlowSuccess() {
        ErrorEvent event = classify(
                Map.of("component", "jwt-pizza-service", "level", "info", "type", "http"),
                """
                {"authorized":true,"path":"/api/order","method":"POST","statusCode":200,"reqBody":"{\\"franchiseId\\":1,\\"storeId\\":1,\\"items\\":[{\\"menuId\\":1,\\"description\\":\\"Veggie\\",\\"price\\":0.0038}]}","resBody":"{\\"order\\":{\\"franchiseId\\":1,\\"storeId\\":1,\\"items\\":[{\\"menuId\\":1,\\"description\\":\\"Veggie\\",\\"price\\":0.0038}],\\"id\\":278},\\"jwt\\":\\"eyJpYXQiOjE3NjQ2MDAwMDAsImV4cCI6.x.y\\",\\"reportSlowPizzaToFactoryUrl\\":\\"https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab\\"}"}""");

        assertThat(event).isNotNull();
        assertThat(event.kind()).isEqualTo(FailureKind.SLOW_SUCCESS);
        assertThat(event.signature()).isEqualTo("POST /api/order 200 with chaos link (slow)");
        assertThat(event.orderSide()).isEqualTo(ErrorEvent.OrderSide.SERVICE);
        assertThat(event.orderId()).isEqualTo(278);
        assertThat(event.links()).containsExactly(LINK);
    }

    /** Throttle chaos as the factory request logs it: a 200 after 32 s, its duration and the link. */
    @Test
    void slowFactoryRequestWithTheLinkTellsItsLatency() {
        ErrorEvent event = classify(
                Map.of("component", "jwt-pizza-service", "level", "info", "type", "factory-request"),
                """
                {"durationMs":32012.4,"statusCode":200,"success":true,"requestBody":{"order":{"id":279}},"responseBody":{"jwt":"eyJhbGciOiJSUzI1NiJ9.eyJvcmRlciI6e319.c2ln","reportUrl":"https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab"}}""");

        assertThat(event.kind()).isEqualTo(FailureKind.SLOW_SUCCESS);
        assertThat(event.signature()).isEqualTo("factory-request 200 with chaos link (slow)");
        assertThat(event.latencyMillis()).isEqualTo(32012);
        assertThat(event.orderSide()).isEqualTo(ErrorEvent.OrderSide.FACTORY);
        assertThat(event.orderId()).isEqualTo(279);
    }

    /** Badjwt chaos: a 200 at once, with the link and the fixed {@code dead...} token the factory rejects. */
    @Test
    void successWithADeadTokenAndTheLinkIsABadToken() {
        ErrorEvent service = classify(
                Map.of("component", "jwt-pizza-service", "level", "info", "type", "http"),
                """
                {"authorized":true,"path":"/api/order","method":"POST","statusCode":200,"reqBody":"{}","resBody":"{\\"order\\":{\\"id\\":280},\\"jwt\\":\\"dead.eyJjaGFvcyI6ImJhZGp3dCJ9.dead\\",\\"reportSlowPizzaToFactoryUrl\\":\\"https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab\\"}"}""");
        ErrorEvent factory = classify(
                Map.of("component", "jwt-pizza-service", "level", "info", "type", "factory-request"),
                """
                {"durationMs":3.1,"statusCode":200,"success":true,"requestBody":{"order":{"id":280}},"responseBody":{"jwt":"dead.eyJjaGFvcyI6ImJhZGp3dCJ9.dead","reportUrl":"https://pizza-factory.cs329.click/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab"}}""");

        assertThat(service.kind()).isEqualTo(FailureKind.BAD_TOKEN);
        assertThat(service.signature()).isEqualTo("POST /api/order 200 with chaos link (bad pizza token)");
        assertThat(factory.kind()).isEqualTo(FailureKind.BAD_TOKEN);
        assertThat(factory.signature()).isEqualTo("factory-request 200 with chaos link (bad pizza token)");
        assertThat(service.orderId()).isEqualTo(factory.orderId()).isEqualTo(280);
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
