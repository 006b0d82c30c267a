package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.PizzaHttpServer.message;
import static dev.logremediation.sandbox.PizzaHttpServer.object;
import static dev.logremediation.sandbox.PizzaHttpServer.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logremediation.sandbox.PizzaHttpServer.Answer;
import dev.logremediation.sandbox.SandboxPizza.RecordedRequest;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pizza factory of {@code shared/specs/jwt-pizza.md}: signs pizzas, injects chaos, ends it via the support link. */
final class PizzaFactory implements AutoCloseable {

    /** What {@code badjwt} chaos hands out: the same token for every operator and order. */
    static final String DEAD_JWT = "dead.eyJjaGFvcyI6ImJhZGp3dCJ9.dead";
    static final Set<String> CHAOS_KINDS = Set.of("fail", "throttle", "badjwt");

    private static final Pattern SUPPORT_PATH = Pattern.compile("/api/support/([^/]+)/report/([^/]+)");
    private static final String FIX_CODE_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Chaos(String kind, String fixCode) {
    }

    private final PizzaJwt signer = new PizzaJwt();
    private final String apiKey = randomString("0123456789abcdef", 32);
    private final PizzaHttpServer http;
    private volatile Duration throttleDelay = SandboxPizza.DEFAULT_THROTTLE_DELAY;
    private Chaos chaos; // null: no chaos; guarded by this

    PizzaFactory() {
        http = PizzaHttpServer.start("sandbox-pizza-factory", 4, this::handle);
    }

    String baseUrl() {
        return http.baseUrl();
    }

    String apiKey() {
        return apiKey;
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

    void setThrottleDelay(Duration delay) {
        throttleDelay = delay;
    }

    /** Starts (or re-schedules) chaos with a new fix code, so every older link answers 400; returns the new link. */
    synchronized String startChaos(String kind) {
        if (!CHAOS_KINDS.contains(kind)) {
            throw new IllegalArgumentException("chaos kind must be one of " + CHAOS_KINDS + ", not " + kind);
        }
        chaos = new Chaos(kind, randomString(FIX_CODE_CHARS, 8));
        return link(chaos.fixCode());
    }

    synchronized void endChaos() {
        chaos = null;
    }

    synchronized boolean chaosActive() {
        return chaos != null;
    }

    private synchronized Chaos currentChaos() {
        return chaos;
    }

    @Override
    public void close() {
        http.close();
    }

    private Answer handle(RecordedRequest request) {
        String route = request.method() + " " + request.path();
        Matcher support = SUPPORT_PATH.matcher(request.path());
        if (route.equals("POST /api/order")) {
            return order(request);
        } else if (route.equals("POST /api/order/verify")) {
            JsonNode payload = signer.verifiedPayload(parse(request.body()).path("jwt").textValue());
            return payload == null ? new Answer(403, message("invalid"))
                    : new Answer(200, message("valid").set("payload", payload));
        } else if (route.equals("GET /.well-known/jwks.json")) {
            return new Answer(200, signer.jwks());
        } else if (request.method().equals("GET") && support.matches()) {
            return report(support.group(1), support.group(2));
        }
        return new Answer(404, message("unknown endpoint"));
    }

    private Answer order(RecordedRequest request) {
        if (!("Bearer " + apiKey).equals(request.header("authorization"))) {
            return new Answer(401, message("invalid authentication"));
        }
        JsonNode body = parse(request.body());
        int items = body.path("order").path("items").size();
        if (items == 0 || items > 20) { // the real factory stalls, then fails without a link
            pause(throttleDelay);
            return new Answer(500, message("Unable to satisfy pizza order"));
        }
        Chaos current = currentChaos();
        if (current == null) {
            return new Answer(200, object().put("jwt", pizza(body)));
        }
        String link = link(current.fixCode());
        return switch (current.kind()) {
            case "fail" -> new Answer(500, message("chaos monkey").put("reportUrl", link));
            case "badjwt" -> new Answer(200, object().put("jwt", DEAD_JWT).put("reportUrl", link));
            default -> { // throttle
                pause(throttleDelay);
                yield new Answer(200, object().put("jwt", pizza(body)).put("reportUrl", link));
            }
        };
    }

    private String pizza(JsonNode body) {
        ObjectNode payload = object();
        payload.putObject("vendor").put("id", "sandbox").put("name", "Sandbox Pizza");
        payload.set("diner", body.path("diner").isObject() ? body.get("diner") : object());
        payload.set("order", body.path("order"));
        return signer.sign(payload);
    }

    /** The support link; fetching it with the current fix code ends the chaos. */
    private synchronized Answer report(String key, String fixCode) {
        if (chaos == null || !key.equals(apiKey)) { // an unknown key looks like "no chaos", as in the real factory
            return new Answer(200, message("No chaos currently executing"));
        }
        if (!chaos.fixCode().equals(fixCode)) {
            return new Answer(400, message("Problem unresolved"));
        }
        chaos = null;
        return new Answer(200, message("Problem resolved. Pizza is back on the menu!"));
    }

    private String link(String fixCode) {
        return baseUrl() + "/api/support/" + apiKey + "/report/" + fixCode;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) { // the sandbox is closing
            Thread.currentThread().interrupt();
        }
    }

    private static String randomString(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
