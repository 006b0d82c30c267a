package dev.logremediation.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.loki.ErrorSignals;
import dev.logremediation.loki.LogEntry;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a Loki log line is an error and, if so, reduces it to an {@link ErrorEvent}.
 *
 * <p>A line is an error when its level (label {@code level}/{@code detected_level}/{@code severity}, or a
 * {@code level}/{@code severity} field in the line) is error or worse, when it carries an HTTP status 500..599 under
 * a {@code status}/{@code statusCode} key at any nesting or escaping depth, or when it holds a chaos resolution link
 * (during some chaos the order succeeds but still carries the link). The line's {@link FailureKind} says which
 * of these it is, and the signature names it when the status alone would mislead ({@code 200 with chaos link (slow)}).
 *
 * <p>The decision uses only allocation-free string scans, so the common non-error line costs a few
 * {@code indexOf}s; JSON is parsed (with Jackson, bounded) only for errors, to build the signature. Lines longer
 * than {@link #MAX_SCAN_CHARS} are judged on their beginning. Thread-safe and immutable.
 */
public final class LogClassifier {

    public static final List<String> DEFAULT_KEY_LABELS = List.of("component", "source", "service_name", "app");
    public static final String UNKNOWN_KEY = "unknown";
    /** Only this much of a line is scanned and parsed: a 1 MB line must not stall the poller. */
    public static final int MAX_SCAN_CHARS = 64 * 1024;
    /** Length of the sample line kept in an {@link ErrorEvent}. */
    public static final int MAX_SAMPLE_CHARS = 2000;

    private static final List<String> LEVEL_LABELS = List.of("level", "detected_level", "severity");
    /** Bodies are JSON strings holding JSON, encoded up to three times in real logs. */
    private static final int MAX_JSON_UNWRAPS = 3;
    private static final int MAX_MESSAGE_DEPTH = 6;
    private static final List<String> RESPONSE_FIELDS = List.of("resBody", "responseBody", "response");
    private static final List<String> MESSAGE_FIELDS = List.of("message", "error", "msg", "err");
    private static final List<String> STATUS_FIELDS = List.of("statusCode", "status");
    private static final List<String> PATH_FIELDS = List.of("path", "url", "originalUrl");
    private static final String TOKEN_FIELD = "jwt";
    /** Milliseconds, as Node loggers write them: {@code durationMs} of the factory request, pino's responseTime. */
    private static final List<String> LATENCY_FIELDS = List.of("durationMs", "duration_ms", "latencyMs",
            "latency_ms", "responseTimeMs", "responseTime", "response_time", "elapsedMs", "latency", "duration");
    /** Where an order's id sits: the service's answer holds the order, the factory request sends it. */
    private static final List<String> ORDER_FIELDS = List.of("resBody", "responseBody", "response", "reqBody",
            "requestBody", "request");
    private static final String ORDER_PATH = "/api/order";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> keyLabels;
    private final ResolutionLinkExtractor links;

    /**
     * @param keyLabels labels tried in order for the incident key; the first one present (non-blank) wins
     * @param links     finds resolution links in a line
     */
    public LogClassifier(List<String> keyLabels, ResolutionLinkExtractor links) {
        this.keyLabels = List.copyOf(keyLabels);
        this.links = links;
    }

    public static LogClassifier defaults() {
        return new LogClassifier(DEFAULT_KEY_LABELS, ResolutionLinkExtractor.defaults());
    }

    /** What makes a line an error here, for a query that lets Loki send only such lines. */
    public ErrorSignals errorSignals() {
        return new ErrorSignals(LEVEL_LABELS, QuickScan.ERROR_LEVELS, ErrorLineSigns.literals());
    }

    /** Why no line filter can hold every error this classifier finds; null when one can. */
    public String whyNoPushDown() {
        return links.extraPatterns().isEmpty() ? null : "detect.extra-link-patterns is set, and a line filter made"
                + " of plain texts cannot tell which lines those patterns match";
    }

    /** The error this entry reports, or null when it is not an error. */
    public ErrorEvent classify(LogEntry entry) {
        String line = entry.line() == null ? "" : entry.line();
        boolean cut = line.length() > MAX_SCAN_CHARS;
        String text = cut ? line.substring(0, MAX_SCAN_CHARS) : line;
        Map<String, String> labels = entry.labels();
        boolean serverError = QuickScan.hasServerErrorStatus(text);
        boolean errorLevel = hasErrorLevelLabel(labels) || QuickScan.hasErrorLevelField(text);
        List<String> found = links.extract(text);
        if (!serverError && !errorLevel && found.isEmpty()) {
            return null;
        }
        LineFacts facts = read(text, cut, labels.get("type"));
        FailureKind kind = FailureKind.of(serverError, errorLevel, !found.isEmpty(), facts.isSuccess(), facts.token());
        String signature = Signatures.compose(facts.method(), facts.path(), facts.type(), facts.status(),
                facts.message(), kind.signatureSuffix());
        String sample = SecretMasker.mask(Signatures.truncate(line, MAX_SAMPLE_CHARS));
        return new ErrorEvent(key(labels), entry.timestampNanos(), signature, found, sample, kind,
                facts.latencyMillis(), facts.orderSide(), facts.orderId());
    }

    /**
     * What an error line tells, as far as it can be read.
     *
     * @param token the pizza token ({@code jwt}) of the line or its response body, or null
     */
    private record LineFacts(String method, String path, String type, int status, String message, String token,
                             long latencyMillis, long orderId) {

        static LineFacts of(String method, String path, String type, int status, String message) {
            return new LineFacts(method, path, type, status, message, null, -1, -1);
        }

        /** A 2xx answer; or, without any status, a pizza token handed out. */
        boolean isSuccess() {
            return status >= 200 && status <= 299 || status < 0 && token != null;
        }

        ErrorEvent.OrderSide orderSide() {
            if ("POST".equalsIgnoreCase(method) && path != null
                    && Signatures.normalizePath(path.strip()).equals(ORDER_PATH)) {
                return ErrorEvent.OrderSide.SERVICE;
            }
            return type != null && type.toLowerCase(Locale.ROOT).contains("factory")
                    ? ErrorEvent.OrderSide.FACTORY : ErrorEvent.OrderSide.NONE;
        }
    }

    private static boolean hasErrorLevelLabel(Map<String, String> labels) {
        for (String name : LEVEL_LABELS) {
            if (QuickScan.isErrorLevel(labels.get(name))) {
                return true;
            }
        }
        return false;
    }

    private String key(Map<String, String> labels) {
        for (String name : keyLabels) {
            String value = labels.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return UNKNOWN_KEY;
    }

    private static LineFacts read(String text, boolean cut, String typeLabel) {
        JsonNode root = cut ? null : unwrap(parse(text), 0);
        if (root != null && root.isObject()) {
            return new LineFacts(
                    textOf(root.get("method")),
                    firstText(root, PATH_FIELDS),
                    typeLabel != null ? typeLabel : textOf(root.get("type")),
                    status(root, 0),
                    innermostMessage(root, 0),
                    token(root),
                    latencyMillis(root),
                    orderId(root));
        }
        if (root != null && root.isTextual()) {
            return LineFacts.of(null, null, typeLabel, -1, firstLine(root.asText()));
        }
        String trimmed = text.strip();
        if (root == null && !looksLikeJson(trimmed)) {
            return LineFacts.of(null, null, typeLabel, -1, firstLine(trimmed));
        }
        // invalid, truncated or non-object JSON: read the usual fields textually
        String message = QuickScan.stringField(text, "message");
        if (message == null) {
            message = QuickScan.stringField(text, "error");
        }
        if (message == null) {
            message = QuickScan.stringField(text, "msg");
        }
        return new LineFacts(
                QuickScan.stringField(text, "method"),
                QuickScan.stringField(text, "path"),
                typeLabel != null ? typeLabel : QuickScan.stringField(text, "type"),
                QuickScan.firstStatus(text, 100),
                message,
                QuickScan.stringField(text, "jwt"),
                -1,
                -1);
    }

    /** The pizza token of the line itself or of its response body (the service's or the factory's answer). */
    private static String token(JsonNode root) {
        String token = textOf(root.get(TOKEN_FIELD));
        for (int i = 0; token == null && i < RESPONSE_FIELDS.size(); i++) {
            JsonNode body = unwrap(root.get(RESPONSE_FIELDS.get(i)), 0);
            token = body != null && body.isObject() ? textOf(body.get(TOKEN_FIELD)) : null;
        }
        return token;
    }

    /** How long the request took, in milliseconds, from the first latency field with a number; -1 if none. */
    private static long latencyMillis(JsonNode root) {
        for (String field : LATENCY_FIELDS) {
            JsonNode value = root.get(field);
            if (value != null && value.isNumber() && value.doubleValue() >= 0) {
                return Math.round(value.doubleValue());
            }
        }
        return -1;
    }

    /**
     * The order id the line holds: {@code order.id} in the request or response body (the service's answer, the
     * factory request) or in the line itself; -1 if none. It lets the two lines of one order count as one order.
     */
    private static long orderId(JsonNode root) {
        JsonNode id = root.path("order").path("id");
        for (int i = 0; !id.canConvertToLong() && i < ORDER_FIELDS.size(); i++) {
            JsonNode body = unwrap(root.get(ORDER_FIELDS.get(i)), 0);
            id = body != null && body.isObject() ? body.path("order").path("id") : id;
        }
        return id.isIntegralNumber() && id.canConvertToLong() ? id.longValue() : -1;
    }

    /**
     * The message nearest the cause: one inside a response body (object or JSON string) wins over the line's own,
     * e.g. {@code "chaos monkey"} from {@code response} over the logger's {@code "Pizza factory error"}.
     */
    private static String innermostMessage(JsonNode node, int depth) {
        if (depth > MAX_MESSAGE_DEPTH || !node.isObject()) {
            return null;
        }
        String bodyText = null;
        for (String field : RESPONSE_FIELDS) {
            JsonNode body = unwrap(node.get(field), 0);
            if (body != null && body.isObject()) {
                String message = innermostMessage(body, depth + 1);
                if (message != null) {
                    return message;
                }
            } else if (body != null && body.isTextual() && bodyText == null && !body.asText().isBlank()) {
                bodyText = body.asText(); // a plain-text body, e.g. "Bad Gateway"
            }
        }
        for (String field : MESSAGE_FIELDS) {
            JsonNode value = unwrap(node.get(field), 0);
            if (value != null && value.isObject()) {
                String message = innermostMessage(value, depth + 1);
                if (message != null) {
                    return message;
                }
            } else if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return bodyText;
    }

    /** The HTTP status of the line, else of its response body; -1 if none. */
    private static int status(JsonNode node, int depth) {
        for (String field : STATUS_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && (value.isInt() || value.isTextual())) {
                int status = value.isInt() ? value.intValue() : parseStatus(value.asText());
                if (status >= 100 && status <= 599) {
                    return status;
                }
            }
        }
        if (depth < MAX_MESSAGE_DEPTH) {
            for (String field : RESPONSE_FIELDS) {
                JsonNode body = unwrap(node.get(field), 0);
                if (body != null && body.isObject()) {
                    int status = status(body, depth + 1);
                    if (status > 0) {
                        return status;
                    }
                }
            }
        }
        return -1;
    }

    private static int parseStatus(String text) {
        String s = text.strip();
        if (s.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (!EscapedText.isDigit(s.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(s.substring(0, 3));
    }

    /** Parses JSON text, or null when it is not JSON. */
    private static JsonNode parse(String text) {
        if (!looksLikeJson(text.stripLeading())) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException | RuntimeException e) {
            return null; // invalid JSON is an ordinary input here, the caller falls back to text
        }
    }

    /** A string that itself holds JSON, possibly several times over, becomes the JSON it holds. */
    private static JsonNode unwrap(JsonNode node, int depth) {
        if (node == null || !node.isTextual() || depth >= MAX_JSON_UNWRAPS) {
            return node;
        }
        JsonNode inner = parse(node.asText());
        return inner == null ? node : unwrap(inner, depth + 1);
    }

    private static boolean looksLikeJson(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return c == '{' || c == '[' || c == '"';
    }

    private static String firstText(JsonNode node, List<String> fields) {
        for (String field : fields) {
            String text = textOf(node.get(field));
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static String textOf(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    /** Plain text errors are often followed by a stack trace: its first line is the message. */
    private static String firstLine(String text) {
        String s = text.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return s.substring(0, i);
            }
        }
        return s;
    }
}
