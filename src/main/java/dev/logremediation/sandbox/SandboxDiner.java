package dev.logremediation.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A diner buying pizzas at the sandbox shop, so that the shop's own request log fills the sandbox Loki. */
public final class SandboxDiner {

    private static final String ORDER = "{\"franchiseId\":1,\"storeId\":1,\"items\":"
            + "[{\"menuId\":1,\"description\":\"Veggie\",\"price\":0.0038}]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String shopUrl;
    private String token;

    public SandboxDiner(String shopUrl) {
        this.shopUrl = shopUrl;
    }

    /** Orders one pizza (logging in first if needed) and returns the order's HTTP status. */
    public int order() throws IOException, InterruptedException {
        if (token == null) {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(shopUrl + "/api/auth"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"d@jwt.com\",\"password\":\"diner\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            token = login.body().replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");
        }
        return http.send(HttpRequest.newBuilder(URI.create(shopUrl + "/api/order"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
