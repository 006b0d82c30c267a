package dev.logremediation.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to a {@link SandboxPizza} over real HTTP, as a browser or the product's verification purchase would. */
final class SandboxPizzaClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ONE_VEGGIE = "{\"franchiseId\":1,\"storeId\":1,"
            + "\"items\":[{\"menuId\":1,\"description\":\"Veggie\",\"price\":0.0038}]}";
    static final String DINER = "{\"email\":\"d@jwt.com\",\"password\":\"diner\"}";
    /** {@code <factory>/api/support/<32 hex>/report/<8 of [0-9a-z]>}. */
    static final String LINK_SHAPE = "http://127\\.0\\.0\\.1:\\d+/api/support/[0-9a-f]{32}/report/[0-9a-z]{8}";

    /** A parsed answer. */
    record Reply(int status, JsonNode json) {
        String message() {
            return json.path("message").textValue();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SandboxPizza pizza;

    SandboxPizzaClient(SandboxPizza pizza) {
        this.pizza = pizza;
    }

    Reply service(String method, String path, String token, String body) {
        return send(pizza.serviceUrl() + path, method, token, body);
    }

    Reply factory(String method, String path, String token, String body) {
        return send(pizza.factoryUrl() + path, method, token, body);
    }

    /** A plain GET of an absolute URL, as whoever follows a chaos link. */
    Reply get(String url) {
        return send(url, "GET", null, null);
    }

    /** Logs the default diner in and returns the token. */
    String login() {
        Reply reply = service("PUT", "/api/auth", null, DINER);
        if (reply.status() != 200) {
            throw new AssertionError("login failed: " + reply);
        }
        return reply.json().path("token").textValue();
    }

    Reply orderOneVeggie(String token) {
        return service("POST", "/api/order", token, ONE_VEGGIE);
    }

    Reply verify(String pizzaJwt) {
        return factory("POST", "/api/order/verify", null, JSON.createObjectNode().put("jwt", pizzaJwt).toString());
    }

    private Reply send(String url, String method, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
