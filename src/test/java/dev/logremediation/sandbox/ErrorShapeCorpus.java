package dev.logremediation.sandbox;

import dev.logremediation.detect.JsonEscaping;
import dev.logremediation.loki.LogEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every error shape the classifier knows, at every JSON escaping depth 0..3, with every level label the detector reads
 * in lower, upper and capitalised case, plus the spec's example lines: the lines a pushed-down read must not lose.
 * Each line carries {@code component="jwt-pizza-service"} so the shipped watch selects it.
 */
public final class ErrorShapeCorpus {

    public static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    public static final String REPORT_LINK = JwtPizzaTraffic.FACTORY
            + "/api/report?apiKey=0123456789abcdef0123456789abcdef&fixCode=k3x9q2ab";

    /** The spec's examples (jwt-pizza.md, "How operators' logs look in Loki"): labels, then the exact stored line. */
    public static final List<LogEntry> SPEC_EXAMPLES = List.of(
            entry(Map.of("component", "jwt-pizza-service", "level", "error", "type", "http"),
                    "{\"authorized\":true,\"path\":\"/api/order\",\"method\":\"POST\",\"statusCode\":500,\"reqBody\":\"{\\\"franchiseId\\\":1,\\\"storeId\\\":1,\\\"items\\\":[{\\\"menuId\\\":1,\\\"description\\\":\\\"Veggie\\\",\\\"price\\\":0.0038}]}\",\"resBody\":\"{\\\"message\\\":\\\"Failed to fulfill order at factory\\\",\\\"followLinkToEndChaos\\\":\\\"" + LINK + "\\\"}\"}"),
            entry(Map.of("component", "jwt-pizza-service", "level", "warn", "type", "factory-request"),
                    "{\"durationMs\":41.2,\"statusCode\":500,\"success\":false,\"requestBody\":{\"order\":{\"id\":279}},\"responseBody\":{\"message\":\"chaos monkey\",\"reportUrl\":\"" + LINK + "\"}}"),
            entry(Map.of("component", "jwt-pizza-service", "level", "ERROR", "source", "jwt-pizza-service"),
                    "{\"type\":\"factory\",\"error\":\"Pizza factory error\",\"response\":{\"message\":\"chaos monkey\",\"reportUrl\":\"" + LINK + "\"}}"),
            entry(Map.of("component", "jwt-pizza-service", "level", "error", "type", "http"),
                    "{\"authorized\":false,\"path\":\"/api/order/menu\",\"method\":\"GET\",\"statusCode\":500,\"reqBody\":\"{}\",\"resBody\":\"\\\"{\\\\\\\"message\\\\\\\":\\\\\\\"connect ECONNREFUSED 127.0.0.1:3306\\\\\\\",\\\\\\\"stack\\\\\\\":\\\\\\\"Error: connect ECONNREFUSED 127.0.0.1:3306\\\\\\\\n    at ...\\\\\\\"}\\\"\"}"),
            entry(Map.of("component", "jwt-pizza-service", "level", "error", "type", "unhandledError"),
                    "{\"message\":\"connect ECONNREFUSED 127.0.0.1:3306\"}"),
            entry(Map.of("component", "jwt-pizza-service", "level", "info", "type", "db"),
                    "\"INSERT INTO dinerOrder (dinerId, franchiseId, storeId, date) VALUES (?, ?, ?, now())\""),
            entry(Map.of("component", "jwt-pizza-service", "level", "info", "type", "http"),
                    "{\"authorized\":true,\"path\":\"/api/order\",\"method\":\"POST\",\"statusCode\":200,\"reqBody\":\"{\\\"franchiseId\\\":1,\\\"storeId\\\":1,\\\"items\\\":[{\\\"menuId\\\":1,\\\"description\\\":\\\"Veggie\\\",\\\"price\\\":0.0038}]}\",\"resBody\":\"{\\\"order\\\":{\\\"franchiseId\\\":1,\\\"storeId\\\":1,\\\"items\\\":[{\\\"menuId\\\":1,\\\"description\\\":\\\"Veggie\\\",\\\"price\\\":0.0038}],\\\"id\\\":278},\\\"jwt\\\":\\\"eyJpYXQiOjE3NjQ2MDAwMDAsImV4cCI6.x.y\\\"}\"}"));

    /** JSON objects that are errors by what they hold: a 5xx status, an error level, a link. */
    static final List<String> SIGNS = List.of(
            "{\"statusCode\":500,\"message\":\"Failed to fulfill order at factory\"}",
            "{\"status\":503,\"message\":\"Service Unavailable\"}",
            "{\"status_code\":502,\"error\":\"Bad Gateway\"}",
            "{\"httpStatus\":504,\"message\":\"timeout\"}",
            "{\"Status\":500}",
            "{\"statusCode\":\"500\",\"message\":\"a status as text\"}",
            "{\"level\":50,\"msg\":\"pino error\"}",
            "{\"level\":60,\"msg\":\"pino fatal\"}",
            "{\"message\":\"chaos monkey\",\"reportUrl\":\"" + LINK + "\"}",
            "{\"statusCode\":200,\"jwt\":\"x.y.z\",\"followLinkToEndChaos\":\"" + LINK + "\"}",
            "{\"msg\":\"relay\",\"link\":\"" + REPORT_LINK + "\"}");
    static final List<String> LEVEL_NAMES = List.of("error", "err", "fatal", "critical", "crit", "panic", "alert",
            "emerg", "emergency");
    /** Lines not JSON at all. */
    static final List<String> TEXT_LINES = List.of(
            "level=error msg=\"connect ECONNREFUSED\"",
            "level=ERROR status=500 path=/api/order",
            "status=503 method=GET path=/api/franchise",
            "{ statusCode: 500, message: 'fetch failed' }",
            "severity: FATAL something broke",
            "chaos at " + LINK,
            "Error: connect ECONNREFUSED 127.0.0.1:3306\n    at TCPConnectWrap.afterConnect",
            "GET /api/order 200 12ms");

    private ErrorShapeCorpus() {
    }

    /** The spec's examples, every sign at every escaping depth and label set, the text lines: about 2,000 lines. */
    public static List<LogEntry> lines() {
        List<LogEntry> lines = new ArrayList<>(SPEC_EXAMPLES);
        List<String> bodies = new ArrayList<>();
        List<String> signs = new ArrayList<>(SIGNS);
        for (String name : LEVEL_NAMES) {
            for (String level : cases(name)) {
                signs.add("{\"level\":\"" + level + "\",\"msg\":\"x\"}");
                signs.add("{\"severity\":\"" + level + "\",\"msg\":\"x\"}");
            }
        }
        for (String sign : signs) {
            for (int depth = 0; depth <= 3; depth++) {
                for (boolean slashes : new boolean[] {false, true}) {
                    bodies.add(depth == 0 ? sign : "{\"path\":\"/api/order\",\"method\":\"POST\",\"resBody\":"
                            + JsonEscaping.encodedTimes(sign, depth, slashes, false) + "}");
                }
            }
        }
        bodies.addAll(TEXT_LINES);
        for (Map<String, String> labels : labelSets()) {
            for (String body : bodies) {
                lines.add(entry(labels, body));
            }
        }
        return lines;
    }

    /** Every level label the detector reads, in three cases and with non-error values, and none at all. */
    static List<Map<String, String>> labelSets() {
        List<Map<String, String>> sets = new ArrayList<>();
        sets.add(labels());
        for (String label : List.of("level", "detected_level", "severity")) {
            for (String value : List.of("error", "ERROR", "Error", "Critical", "info", "WARN")) {
                sets.add(labels(label, value));
            }
        }
        sets.add(labels("level", "info", "severity", "ERROR"));
        return sets;
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("component", JwtPizzaTraffic.SERVICE);
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    static List<String> cases(String word) {
        return List.of(word, Character.toUpperCase(word.charAt(0)) + word.substring(1), word.toUpperCase());
    }

    private static LogEntry entry(Map<String, String> labels, String line) {
        return new LogEntry(1_764_600_000_000_000_000L, labels, line);
    }
}
