package dev.logremediation.bench;

import dev.logremediation.loki.LogEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.JwtPizzaTraffic.OutageShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The log shapes the benchmarks measure, each as a list of distinct lines made by {@link JwtPizzaTraffic} (or, for
 * plain text, in the same style), so a benchmark never classifies one string over and over.
 */
public enum LineShapes {

    /** {@code GET /api/order/menu} 200, level info, type http: the most common line. */
    HTTP_INFO_MENU(false),
    /** {@code POST /api/order} 200 with the order and its pizza JWT: the longest common line. */
    HTTP_INFO_ORDER(false),
    /** A 4xx warn line (unknown user, unauthorized, unknown endpoint): has a status, below 500. */
    HTTP_WARN_4XX(false),
    /** type db: a bare JSON string holding SQL. */
    DB_INFO(false),
    /** Plain text, not JSON, level info. */
    NON_JSON_INFO(false),
    /** {@code POST /api/order} 500, the chaos link in resBody escaped once. */
    CHAOS_500_LINK_ESCAPED_ONCE(true),
    /** The same with resBody encoded twice: the link escaped twice. */
    CHAOS_500_LINK_ESCAPED_TWICE(true),
    /** level warn, type factory-request, statusCode 500, the factory's answer with reportUrl. */
    FACTORY_REQUEST_WARN(true),
    /** {@code {level="ERROR", source=...}}: factory error object with reportUrl, type inside the line. */
    FACTORY_ERROR_SOURCE_LABEL(true),
    /** {@code GET /api/order/menu} 500, database refused, body encoded twice, no link. */
    OUTAGE_500_NO_LINK(true),
    /** Plain text error with a stack trace, level error label, not JSON. */
    NON_JSON_ERROR(true);

    /** The link the chaos lines carry (a made-up api key and fix code). */
    public static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");

    private final boolean error;

    LineShapes(boolean error) {
        this.error = error;
    }

    /** True when the classifier must report lines of this shape as errors. */
    public boolean isError() {
        return error;
    }

    /** {@code count} distinct lines of this shape, with timestamps from {@code baseNanos} on. */
    public List<LogEntry> lines(JwtPizzaTraffic traffic, long baseNanos, int count) {
        List<LogEntry> lines = new ArrayList<>(count);
        long ts = baseNanos;
        while (lines.size() < count) {
            ts += 1_000_003L;
            LogEntry entry = make(traffic, ts, lines.size());
            if (entry != null) {
                lines.add(entry);
            }
        }
        return lines;
    }

    private LogEntry make(JwtPizzaTraffic traffic, long ts, int n) {
        return switch (this) {
            case HTTP_INFO_MENU -> normal(traffic, ts, e -> "http".equals(e.labels().get("type"))
                    && e.line().contains("\"path\":\"/api/order/menu\"") && e.line().contains("\"statusCode\":200"));
            case HTTP_INFO_ORDER -> normal(traffic, ts, e -> "http".equals(e.labels().get("type"))
                    && e.line().contains("\"path\":\"/api/order\"") && e.line().contains("\"statusCode\":200"));
            case HTTP_WARN_4XX -> normal(traffic, ts, e -> "warn".equals(e.labels().get("level")));
            case DB_INFO -> normal(traffic, ts, e -> "db".equals(e.labels().get("type")));
            case NON_JSON_INFO -> new LogEntry(ts, Map.of("component", JwtPizzaTraffic.SERVICE, "level", "info"),
                    "Server started on port " + (3000 + n % 1000) + " after " + (n % 97) + " ms, pid " + (1000 + n));
            case CHAOS_500_LINK_ESCAPED_ONCE -> traffic.chaosErrorLine(ts, LINK, ChaosShape.HTTP_RESPONSE);
            case CHAOS_500_LINK_ESCAPED_TWICE -> traffic.chaosErrorLine(ts, LINK, ChaosShape.HTTP_RESPONSE_ENCODED_TWICE);
            case FACTORY_REQUEST_WARN -> traffic.chaosErrorLine(ts, LINK, ChaosShape.FACTORY_REQUEST);
            case FACTORY_ERROR_SOURCE_LABEL -> traffic.chaosErrorLine(ts, LINK, ChaosShape.FACTORY_ERROR_SOURCE_LABEL);
            case OUTAGE_500_NO_LINK -> traffic.outageErrorLine(ts, OutageShape.DATABASE_HTTP);
            case NON_JSON_ERROR -> new LogEntry(ts, Map.of("component", JwtPizzaTraffic.SERVICE, "level", "error"),
                    "Error: connect ECONNREFUSED 127.0.0.1:" + (3306 + n % 3) + "\n    at TCPConnectWrap.afterConnect"
                            + " [as oncomplete] (node:net:1555:16)\n    at Socket.emit (node:events:" + (500 + n % 50) + ":28)");
        };
    }

    private static LogEntry normal(JwtPizzaTraffic traffic, long ts, Predicate<LogEntry> wanted) {
        LogEntry entry = traffic.normalLine(ts);
        return wanted.test(entry) ? entry : null;
    }

    /** Average line length in characters, for the doc. */
    public static double averageLength(List<LogEntry> lines) {
        return lines.stream().mapToInt(e -> e.line().length()).average().orElse(0);
    }
}
