package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.LokiTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logremediation.sandbox.LokiTestClient.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's request log in the sandbox Loki, read back over Loki's HTTP API as the product reads it. */
class SandboxPizzaLogTest {

    private SandboxLoki loki;
    private LokiTestClient lokiClient;
    private SandboxPizza pizza;
    private SandboxPizzaClient client;

    @BeforeEach
    void start() {
        loki = SandboxLoki.start();
        lokiClient = new LokiTestClient(loki);
        pizza = SandboxPizza.start(loki);
        client = new SandboxPizzaClient(pizza);
    }

    @AfterEach
    void stop() {
        pizza.close();
        loki.close();
    }

    private List<Value> query(String logQl) {
        return LokiTestClient.values(lokiClient.queryRange(params("query", logQl, "since", "5m", "direction", "forward")));
    }

    private static JsonNode parse(String json) {
        try {
            return SandboxPizzaClient.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void failChaosPutsTheLinkIntoA500HttpLine() {
        String token = client.login();
        String link = pizza.startChaos("fail");
        client.orderOneVeggie(token);

        List<Value> errors = query("{component=\"jwt-pizza-service\", level=\"error\", type=\"http\"}");

        assertThat(errors).hasSize(1);
        JsonNode line = parse(errors.get(0).line());
        assertThat(line.path("authorized").booleanValue()).isTrue();
        assertThat(line.path("path").textValue()).isEqualTo("/api/order");
        assertThat(line.path("method").textValue()).isEqualTo("POST");
        assertThat(line.path("statusCode").intValue()).isEqualTo(500);
        assertThat(line.path("reqBody").isTextual()).isTrue();
        assertThat(parse(line.path("reqBody").textValue()).path("storeId").intValue()).isEqualTo(1);
        assertThat(line.path("resBody").isTextual()).isTrue();
        assertThat(parse(line.path("resBody").textValue()).path("followLinkToEndChaos").textValue()).isEqualTo(link);

        List<Value> factoryLines = query("{component=\"jwt-pizza-service\", type=\"factory-request\"}");
        assertThat(factoryLines).singleElement().satisfies(value -> {
            assertThat(value.stream()).containsEntry("level", "warn");
            JsonNode factoryLine = parse(value.line());
            assertThat(factoryLine.path("statusCode").intValue()).isEqualTo(500);
            assertThat(factoryLine.path("success").booleanValue()).isFalse();
            assertThat(factoryLine.path("durationMs").isNumber()).isTrue();
            assertThat(factoryLine.path("requestBody").path("order").path("id").longValue()).isPositive();
            assertThat(factoryLine.path("responseBody").path("reportUrl").textValue()).isEqualTo(link);
            assertThat(value.line()).doesNotContain("Bearer"); // the api key header is not logged
        });
    }

    @Test
    void everyRequestIsLoggedWithALevelFromItsStatus() {
        String token = client.login();
        client.service("GET", "/api/order/menu", null, null);
        client.service("PUT", "/api/auth", null, "{\"email\":\"d@jwt.com\",\"password\":\"wrong\"}");
        client.orderOneVeggie(token);

        List<Value> http = query("{component=\"jwt-pizza-service\", type=\"http\"}");

        assertThat(http).hasSize(4);
        assertThat(http).filteredOn(value -> value.stream().get("level").equals("warn")).singleElement()
                .satisfies(value -> assertThat(parse(value.line()).path("statusCode").intValue()).isEqualTo(404));
        assertThat(http).filteredOn(value -> value.stream().get("level").equals("info")).hasSize(3);
        assertThat(http).allSatisfy(value -> assertThat(value.stream()).containsAllEntriesOf(
                Map.of("component", "jwt-pizza-service", "type", "http")));
        JsonNode menuLine = http.stream().map(value -> parse(value.line()))
                .filter(line -> line.path("path").textValue().equals("/api/order/menu")).findFirst().orElseThrow();
        assertThat(menuLine.path("authorized").booleanValue()).isFalse();
        assertThat(menuLine.path("reqBody").textValue()).isEqualTo("{}");
        assertThat(parse(menuLine.path("resBody").textValue()).get(0).path("title").textValue()).isEqualTo("Veggie");
        assertThat(query("{component=\"jwt-pizza-service\", type=\"factory-request\", level=\"info\"}")).hasSize(1);
    }

    @Test
    void passwordsAreMaskedInTheLog() {
        pizza.setDiner("d@jwt.com", "pa55word");
        assertThat(client.service("PUT", "/api/auth", null, "{\"email\":\"d@jwt.com\",\"password\":\"pa55word\"}")
                .status()).isEqualTo(200);
        client.service("PUT", "/api/auth", null, "{\"email\":\"d@jwt.com\",\"password\":\"hunter2\"}");

        List<Value> logins = query("{component=\"jwt-pizza-service\", type=\"http\"}");

        assertThat(logins).hasSize(2).allSatisfy(value -> {
            assertThat(parse(parse(value.line()).path("reqBody").textValue()).path("password").textValue()).isEqualTo("****");
            assertThat(value.line()).doesNotContain("hunter2").doesNotContain("pa55word");
        });
    }

    @Test
    void aDatabaseOutageLogsA500WithoutALink() {
        pizza.setServiceDown(true);
        client.service("GET", "/api/order/menu", null, null);

        List<Value> errors = query("{component=\"jwt-pizza-service\", level=\"error\"}");

        assertThat(errors).singleElement().satisfies(value -> {
            assertThat(parse(parse(value.line()).path("resBody").textValue()).path("message").textValue())
                    .isEqualTo("connect ECONNREFUSED 127.0.0.1:3306");
            assertThat(value.line()).doesNotContain("/api/support/");
        });
    }

    @Test
    void anUnreachableFactoryLogsAnErrorFactoryLine() {
        String token = client.login();
        pizza.setFactoryReachable(false);
        client.orderOneVeggie(token);

        List<Value> factoryLines = query("{component=\"jwt-pizza-service\", type=\"factory-request\"}");

        assertThat(factoryLines).singleElement().satisfies(value -> {
            assertThat(value.stream()).containsEntry("level", "error");
            assertThat(parse(value.line()).path("success").booleanValue()).isFalse();
            assertThat(parse(value.line()).path("error").textValue()).isEqualTo("fetch failed");
        });
    }
}
