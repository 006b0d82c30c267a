package dev.logremediation.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logremediation.loki.LogEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic JWT Pizza service log lines, in the shapes of {@code shared/specs/jwt-pizza.md} ("How operators' logs
 * look in Loki"). Every method is a pure function of the seed and its arguments, so a timestamp always gives the same
 * line: use distinct timestamps for distinct lines.
 */
public final class JwtPizzaTraffic {

    public static final String SERVICE = "jwt-pizza-service";
    public static final String FACTORY = "https://pizza-factory.cs329.click";

    /** The shapes in which operators' logs carry a chaos link. */
    public enum ChaosShape {
        /** {@code type="http"} error line; the link in {@code resBody}, a JSON string ({@code followLinkToEndChaos}). */
        HTTP_RESPONSE,
        /** {@code type="http"} error line whose {@code resBody} is encoded twice (another field name, too). */
        HTTP_RESPONSE_ENCODED_TWICE,
        /** {@code level="warn", type="factory-request"}: the factory's own answer with {@code reportUrl}. */
        FACTORY_REQUEST,
        /** {@code {level="ERROR", source="..."}}: a factory error object with {@code reportUrl}, type inside the line. */
        FACTORY_ERROR_SOURCE_LABEL
    }

    /** 500s that carry no link: the database or the factory cannot be reached. */
    public enum OutageShape {
        /** {@code GET /api/order/menu} 500 with a twice-encoded {@code connect ECONNREFUSED 127.0.0.1:3306}. */
        DATABASE_HTTP,
        /** {@code type="unhandledError"} {@code {"message":"connect ECONNREFUSED 127.0.0.1:3306"}}. */
        DATABASE_UNHANDLED,
        /** {@code POST /api/order} 500 {@code fetch failed}: the factory is unreachable. */
        FACTORY_UNREACHABLE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] MENU = {
        {"1", "Veggie", "0.0038", "A garden of delight"},
        {"2", "Pepperoni", "0.0042", "Spicy treat"},
        {"3", "Margarita", "0.0042", "Essential classic"},
        {"4", "Crusty", "0.0028", "A dry mouthed favorite"},
        {"5", "Charred Leopard", "0.0099", "For those with a darker side"}};
    private static final String[] SQL = {
        "SELECT * FROM menu",
        "SELECT id, name, email FROM user WHERE email=?",
        "SELECT * FROM userRole WHERE userId=?",
        "INSERT INTO auth (token, userId) VALUES (?, ?) ON DUPLICATE KEY UPDATE token=token",
        "SELECT userId FROM auth WHERE token=?",
        "INSERT INTO dinerOrder (dinerId, franchiseId, storeId, date) VALUES (?, ?, ?, now())",
        "INSERT INTO orderItem (orderId, menuId, description, price) VALUES (?, ?, ?, ?)",
        "SELECT id, name FROM franchise",
        "SELECT id, name FROM store WHERE franchiseId=?"};

    private final long seed;
    private final String service;

    public JwtPizzaTraffic(long seed) {
        this(seed, SERVICE);
    }

    /** @param service the {@code component} (or {@code source}) label value, to simulate several watched shops */
    public JwtPizzaTraffic(long seed, String service) {
        this.seed = seed;
        this.service = service;
    }

    /** {@code https://pizza-factory.cs329.click/api/support/<apiKey>/report/<fixCode>}, today's chaos link. */
    public static String chaosLink(String apiKey, String fixCode) {
        return FACTORY + "/api/support/" + apiKey + "/report/" + fixCode;
    }

    /** Stores the entries in the sandbox Loki (same rules as a push). */
    public static void pushTo(SandboxLoki loki, List<LogEntry> entries) {
        loki.pushAll(entries);
    }

    /**
     * Normal traffic: mostly info lines (orders, menu and franchise reads, logins, bare-string SQL lines) and a few
     * 4xx warn lines (unknown user, unauthorized, unknown endpoint). Never a 500, never a link.
     */
    public LogEntry normalLine(long tsNanos) {
        SplittableRandom random = random(tsNanos, 1);
        int pick = random.nextInt(100);
        if (pick < 30) {
            return orderSucceeded(tsNanos, random);
        } else if (pick < 50) {
            return entry(tsNanos, "info", "db", json(SQL[random.nextInt(SQL.length)]));
        } else if (pick < 70) {
            return http(tsNanos, false, "GET", "/api/order/menu", 200, "{}", json(menu()));
        } else if (pick < 80) {
            return http(tsNanos, false, "GET", "/api/franchise", 200, "{}", json(franchises()));
        } else if (pick < 92) {
            return loginSucceeded(tsNanos, random);
        } else if (pick < 96) {
            return http(tsNanos, false, "PUT", "/api/auth", 404, json(credentials()), json(object()
                    .put("message", "unknown user")
                    .put("stack", "Error: unknown user\n    at DB.getUser (/usr/src/app/database/database.js:84:15)")));
        } else if (pick < 98) {
            return http(tsNanos, false, "POST", "/api/order", 401, json(orderRequest(random)),
                    json(object().put("message", "unauthorized")));
        } else {
            return http(tsNanos, false, "GET", "/api/docs.php", 404, "{}", json(object().put("message", "unknown endpoint")));
        }
    }

    /** {@code count} normal lines starting at {@code startNanos}, {@code stepNanos} apart. */
    public List<LogEntry> normalTraffic(long startNanos, long stepNanos, int count) {
        List<LogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(normalLine(startNanos + i * stepNanos));
        }
        return entries;
    }

    /** An order that failed during chaos, carrying the link, in a shape chosen from the timestamp. */
    public LogEntry chaosErrorLine(long tsNanos, String link) {
        ChaosShape[] shapes = ChaosShape.values();
        return chaosErrorLine(tsNanos, link, shapes[random(tsNanos, 2).nextInt(shapes.length)]);
    }

    public LogEntry chaosErrorLine(long tsNanos, String link, ChaosShape shape) {
        SplittableRandom random = random(tsNanos, 3);
        ObjectNode factoryAnswer = object().put("message", "chaos monkey").put("reportUrl", link);
        return switch (shape) {
            case HTTP_RESPONSE -> http(tsNanos, true, "POST", "/api/order", 500, json(orderRequest(random)),
                    json(object().put("message", "Failed to fulfill order at factory").put("followLinkToEndChaos", link)));
            case HTTP_RESPONSE_ENCODED_TWICE -> http(tsNanos, true, "POST", "/api/order", 500, json(orderRequest(random)),
                    json(json(object().put("message", "Failed to fulfill order at factory")
                            .put("reportPizzaCreationErrorToPizzaFactoryUrl", link))));
            case FACTORY_REQUEST -> {
                ObjectNode line = object().put("durationMs", 20 + random.nextInt(400) / 10.0).put("statusCode", 500)
                        .put("success", false);
                line.putObject("requestBody").putObject("order").put("id", orderId(tsNanos));
                line.set("responseBody", factoryAnswer);
                yield entry(tsNanos, "warn", "factory-request", json(line));
            }
            case FACTORY_ERROR_SOURCE_LABEL -> {
                ObjectNode line = object().put("type", "factory").put("error", "Pizza factory error");
                line.set("response", factoryAnswer);
                yield new LogEntry(tsNanos, Map.of("level", "ERROR", "source", service), json(line));
            }
        };
    }

    /** A 500 without a link (database or factory unreachable), in a shape chosen from the timestamp. */
    public LogEntry outageErrorLine(long tsNanos) {
        OutageShape[] shapes = OutageShape.values();
        return outageErrorLine(tsNanos, shapes[random(tsNanos, 4).nextInt(shapes.length)]);
    }

    public LogEntry outageErrorLine(long tsNanos, OutageShape shape) {
        String refused = "connect ECONNREFUSED 127.0.0.1:3306";
        return switch (shape) {
            case DATABASE_HTTP -> http(tsNanos, false, "GET", "/api/order/menu", 500, "{}", json(json(object()
                    .put("message", refused)
                    .put("stack", "Error: " + refused + "\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)"))));
            case DATABASE_UNHANDLED -> entry(tsNanos, "error", "unhandledError", json(object().put("message", refused)));
            case FACTORY_UNREACHABLE -> http(tsNanos, true, "POST", "/api/order", 500, json(orderRequest(random(tsNanos, 5))),
                    json(object().put("message", "fetch failed")
                            .put("stack", "TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13\n"
                                    + "    at async /usr/src/app/routes/orderRouter.js:107:17")));
        };
    }

    // ---- line builders ----

    private LogEntry orderSucceeded(long tsNanos, SplittableRandom random) {
        ObjectNode request = orderRequest(random);
        ObjectNode order = request.deepCopy().put("id", orderId(tsNanos));
        ObjectNode response = object();
        response.set("order", order);
        response.put("jwt", pizzaJwt(random, orderId(tsNanos)));
        return http(tsNanos, true, "POST", "/api/order", 200, json(request), json(response));
    }

    private LogEntry loginSucceeded(long tsNanos, SplittableRandom random) {
        ObjectNode response = object();
        ObjectNode user = response.putObject("user").put("id", 3).put("name", "pizza diner").put("email", "d@jwt.com");
        user.putArray("roles").addObject().put("role", "diner");
        response.put("token", jwt(random, "{\"id\":3,\"name\":\"pizza diner\",\"email\":\"d@jwt.com\"}"));
        return http(tsNanos, false, "PUT", "/api/auth", 200, json(credentials()), json(response));
    }

    /** The common HTTP logger line: {@code reqBody} and {@code resBody} are JSON strings, the level follows the status. */
    private LogEntry http(long tsNanos, boolean authorized, String method, String path, int status, String reqBody,
                          String resBody) {
        ObjectNode line = object().put("authorized", authorized).put("path", path).put("method", method)
                .put("statusCode", status).put("reqBody", reqBody).put("resBody", resBody);
        String level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
        return entry(tsNanos, level, "http", json(line));
    }

    private LogEntry entry(long tsNanos, String level, String type, String line) {
        return new LogEntry(tsNanos, Map.of("component", service, "level", level, "type", type), line);
    }

    private static ObjectNode orderRequest(SplittableRandom random) {
        String[] item = MENU[random.nextInt(MENU.length)];
        ObjectNode request = object().put("franchiseId", 1).put("storeId", 1 + random.nextInt(2));
        request.putArray("items").addObject().put("menuId", Integer.parseInt(item[0])).put("description", item[1])
                .put("price", Double.parseDouble(item[2]));
        return request;
    }

    private static ArrayNode menu() {
        ArrayNode menu = JSON.createArrayNode();
        for (String[] item : MENU) {
            menu.addObject().put("id", Integer.parseInt(item[0])).put("title", item[1])
                    .put("image", "pizza" + item[0] + ".png").put("price", Double.parseDouble(item[2]))
                    .put("description", item[3]);
        }
        return menu;
    }

    private static ObjectNode franchises() {
        ObjectNode answer = object();
        ObjectNode franchise = answer.putArray("franchises").addObject().put("id", 1).put("name", "pizzaPocket");
        ArrayNode stores = franchise.putArray("stores");
        stores.addObject().put("id", 1).put("name", "SLC");
        stores.addObject().put("id", 2).put("name", "Provo");
        return answer.put("more", false);
    }

    private static ObjectNode credentials() {
        return object().put("email", "d@jwt.com").put("password", "****"); // the usual logger masks passwords
    }

    /** Order ids grow with time, as in a real shop. */
    private static long orderId(long tsNanos) {
        return 100 + Math.floorMod(tsNanos / 1_000_000_000L, 1_000_000L);
    }

    private String pizzaJwt(SplittableRandom random, long orderId) {
        return jwt(random, "{\"vendor\":{\"id\":\"" + service + "\",\"name\":\"pizza diner\"},\"diner\":{\"id\":3},"
                + "\"order\":{\"id\":" + orderId + "}}");
    }

    private static String jwt(SplittableRandom random, String payload) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        byte[] signature = new byte[32];
        random.nextBytes(signature);
        return base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(signature);
    }

    /** A generator that depends only on the seed, the timestamp and which choice is being made. */
    private SplittableRandom random(long tsNanos, int choice) {
        return new SplittableRandom((seed * 0x9E3779B97F4A7C15L) ^ (tsNanos * 31 + choice));
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
