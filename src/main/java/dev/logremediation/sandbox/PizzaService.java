package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.PizzaHttpServer.JSON;
import static dev.logremediation.sandbox.PizzaHttpServer.json;
import static dev.logremediation.sandbox.PizzaHttpServer.message;
import static dev.logremediation.sandbox.PizzaHttpServer.object;
import static dev.logremediation.sandbox.PizzaHttpServer.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logremediation.sandbox.PizzaHttpServer.Answer;
import dev.logremediation.sandbox.SandboxPizza.RecordedRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's pizza service of {@code shared/specs/jwt-pizza.md}: login, menu, stores, orders through the factory
 * over real HTTP, and a request log in Loki in the common operator shape.
 */
final class PizzaService implements AutoCloseable {

    private static final String SERVICE = JwtPizzaTraffic.SERVICE;
    private static final String REFUSED = "connect ECONNREFUSED 127.0.0.1:3306";
    private static final String REFUSED_STACK = "Error: " + REFUSED
            + "\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)";
    private static final String UNKNOWN_USER_STACK = "Error: unknown user"
            + "\n    at DB.getUser (/usr/src/app/database/database.js:84:15)";
    private static final String FETCH_FAILED_STACK = "TypeError: fetch failed"
            + "\n    at node:internal/deps/undici/undici:13502:13"
            + "\n    at async /usr/src/app/routes/orderRouter.js:107:17";
    private static final String[][] MENU = {
        {"Veggie", "0.0038", "A garden of delight"},
        {"Pepperoni", "0.0042", "Spicy treat"},
        {"Margarita", "0.0042", "Essential classic"},
        {"Crusty", "0.0028", "A dry mouthed favorite"},
        {"Charred Leopard", "0.0099", "For those with a darker side"}};

    private final SandboxLoki loki;
    private final String apiKey;
    private final PizzaHttpServer http;
    private final ExecutorService clientExecutor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "sandbox-pizza-service-client");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient factoryClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(clientExecutor).build();
    private final Set<String> loginTokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastOrderId = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong();

    private volatile String factoryUrl;
    private volatile String dinerEmail = "d@jwt.com";
    private volatile String dinerPassword = "diner";
    private volatile boolean menuEmpty;
    private volatile boolean legacyFranchiseShape;
    private volatile boolean storesEmpty;
    private volatile boolean databaseDown;

    PizzaService(SandboxLoki lokiOrNull, String factoryUrl, String apiKey) {
        this.loki = lokiOrNull;
        this.factoryUrl = factoryUrl;
        this.apiKey = apiKey;
        this.http = PizzaHttpServer.start("sandbox-pizza-service", 4, this::handle);
    }

    String baseUrl() {
        return http.baseUrl();
    }

    List<RecordedRequest> requests() {
        return http.requests();
    }

    void holdAnswers(String pathPrefix) {
        http.holdAnswers(pathPrefix);
    }

    void releaseHeld() {
        http.release();
    }

    void clearRequests() {
        http.clearRequests();
    }

    void setFactoryUrl(String factoryUrl) {
        this.factoryUrl = factoryUrl;
    }

    void setDiner(String email, String password) {
        dinerEmail = email;
        dinerPassword = password;
    }

    void setMenuEmpty(boolean menuEmpty) {
        this.menuEmpty = menuEmpty;
    }

    void setLegacyFranchiseShape(boolean legacyFranchiseShape) {
        this.legacyFranchiseShape = legacyFranchiseShape;
    }

    void setStoresEmpty(boolean storesEmpty) {
        this.storesEmpty = storesEmpty;
    }

    void setDatabaseDown(boolean databaseDown) {
        this.databaseDown = databaseDown;
    }

    @Override
    public void close() {
        http.close();
        clientExecutor.shutdownNow();
    }

    private Answer handle(RecordedRequest request) {
        // as in the real service, a token check that cannot reach the database just leaves the caller unauthorized
        boolean authorized = !databaseDown && loginTokens.contains(bearerToken(request));
        Answer answer = switch (request.method() + " " + request.path()) {
            case "PUT /api/auth" -> login(request);
            case "DELETE /api/auth" -> authorized ? logout(request) : unauthorized();
            case "GET /api/order/menu" -> databaseDown ? refused() : new Answer(200, menu());
            case "GET /api/franchise" -> databaseDown ? refused() : new Answer(200, franchises());
            case "POST /api/order" -> authorized ? order(request) : unauthorized();
            default -> new Answer(404, message("unknown endpoint"));
        };
        logHttp(request, authorized, answer); // before answering, so the line is in Loki once the client has the answer
        return answer;
    }

    private Answer login(RecordedRequest request) {
        if (databaseDown) {
            return refused();
        }
        JsonNode credentials = parse(request.body());
        if (!dinerEmail.equals(credentials.path("email").textValue())
                || !dinerPassword.equals(credentials.path("password").textValue())) {
            return new Answer(404, message("unknown user").put("stack", UNKNOWN_USER_STACK));
        }
        ObjectNode user = diner();
        user.putArray("roles").addObject().put("role", "diner");
        String token = loginToken(user);
        loginTokens.add(token);
        ObjectNode answer = object();
        answer.set("user", user);
        return new Answer(200, answer.put("token", token));
    }

    private Answer logout(RecordedRequest request) {
        loginTokens.remove(bearerToken(request));
        return new Answer(200, message("logout successful"));
    }

    private Answer order(RecordedRequest request) {
        JsonNode body = parse(request.body());
        ObjectNode order = body.isObject() ? ((ObjectNode) body).deepCopy() : object();
        order.put("id", lastOrderId.incrementAndGet()); // taken before the factory call: failed orders use up ids too
        ObjectNode factoryRequest = object();
        factoryRequest.set("diner", diner());
        factoryRequest.set("order", order);

        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = factoryClient.send(HttpRequest.newBuilder(URI.create(factoryUrl + "/api/order"))
                    .header("Content-Type", "application/json")
                    .header("authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(json(factoryRequest))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            logFactoryRequest(start, factoryRequest, null, null);
            return new Answer(500, message("fetch failed").put("stack", FETCH_FAILED_STACK));
        }
        JsonNode factoryAnswer = parse(response.body());
        logFactoryRequest(start, factoryRequest, response.statusCode(), factoryAnswer);
        String link = factoryAnswer.path("reportUrl").textValue();
        if (response.statusCode() / 100 == 2) {
            ObjectNode answer = object();
            answer.set("order", order);
            answer.put("jwt", factoryAnswer.path("jwt").asText());
            if (link != null) { // slow or bad pizza: this operator's service names the field differently
                answer.put("reportSlowPizzaToFactoryUrl", link);
            }
            return new Answer(200, answer);
        }
        ObjectNode failure = message("Failed to fulfill order at factory");
        if (link != null) {
            failure.put("followLinkToEndChaos", link);
        }
        return new Answer(500, failure);
    }

    private ArrayNode menu() {
        ArrayNode menu = JSON.createArrayNode();
        for (int i = 0; !menuEmpty && i < MENU.length; i++) {
            menu.addObject().put("id", i + 1).put("title", MENU[i][0]).put("image", "pizza" + (i + 1) + ".png")
                    .put("price", Double.parseDouble(MENU[i][1])).put("description", MENU[i][2]);
        }
        return menu;
    }

    /** A fresh shop ({@code storesEmpty}) has no franchise at all. */
    private JsonNode franchises() {
        ArrayNode franchises = JSON.createArrayNode();
        if (!storesEmpty) {
            ObjectNode franchise = franchises.addObject().put("id", 1).put("name", "pizzaPocket");
            franchise.putArray("stores").addObject().put("id", 1).put("name", "SLC");
        }
        if (legacyFranchiseShape) {
            return franchises;
        }
        ObjectNode answer = object();
        answer.set("franchises", franchises);
        return answer.put("more", false);
    }

    private ObjectNode diner() {
        return object().put("id", 3).put("name", "pizza diner").put("email", dinerEmail);
    }

    /** Shaped like the real service's HS256 login token; only this service's own set of tokens makes it valid. */
    private static String loginToken(ObjectNode user) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode claims = user.deepCopy().put("iat", Instant.now().getEpochSecond());
        byte[] signature = new byte[32];
        ThreadLocalRandom.current().nextBytes(signature);
        return base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(signature);
    }

    private static String bearerToken(RecordedRequest request) {
        String authorization = request.header("authorization");
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
    }

    private static Answer unauthorized() {
        return new Answer(401, message("unauthorized"));
    }

    private static Answer refused() {
        return new Answer(500, message(REFUSED).put("stack", REFUSED_STACK));
    }

    // ---- request log ----

    /** The common operator HTTP line: {@code reqBody} and {@code resBody} are JSON strings, the password masked. */
    private void logHttp(RecordedRequest request, boolean authorized, Answer answer) {
        JsonNode requestBody = parse(request.body());
        if (requestBody.has("password")) {
            requestBody = ((ObjectNode) requestBody.deepCopy()).put("password", "****");
        }
        ObjectNode line = object().put("authorized", authorized).put("path", request.path())
                .put("method", request.method()).put("statusCode", answer.status())
                .put("reqBody", requestBody.isMissingNode() ? "{}" : json(requestBody))
                .put("resBody", json(answer.body()));
        int status = answer.status();
        log(status >= 500 ? "error" : status >= 400 ? "warn" : "info", "http", line);
    }

    /** @param status null when the factory could not be reached */
    private void logFactoryRequest(long startNanos, ObjectNode requestBody, Integer status, JsonNode responseBody) {
        boolean success = status != null && status / 100 == 2;
        ObjectNode line = object().put("durationMs", Math.round((System.nanoTime() - startNanos) / 100_000.0) / 10.0);
        if (status != null) {
            line.put("statusCode", status);
        }
        line.put("success", success);
        line.set("requestBody", requestBody);
        if (status != null) {
            line.set("responseBody", responseBody);
        } else {
            line.put("error", "fetch failed");
        }
        log(success ? "info" : status == null ? "error" : "warn", "factory-request", line);
    }

    private void log(String level, String type, ObjectNode line) {
        if (loki == null) {
            return;
        }
        try {
            loki.push(Map.of("component", SERVICE, "level", level, "type", type), nextLogNanos(), json(line));
        } catch (RuntimeException e) {
            // like a real logger: losing a log line never breaks the shop
        }
    }

    /** Now in nanoseconds, strictly increasing, so lines keep their order and never collide. */
    private long nextLogNanos() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return lastLogNanos.updateAndGet(last -> Math.max(last + 1, nanos));
    }
}
