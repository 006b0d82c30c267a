package dev.logremediation.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.loki.LogQlText;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An in-process, Loki-compatible HTTP server for the demo and the tests. It follows
 * {@code shared/specs/loki-http-api.md}, awkward parts included: exclusive {@code end}, a global {@code limit},
 * results ordered by labels rather than time, nanosecond strings, HTML-safe escapes, and plain-text errors that a
 * Loki 2.8 labels {@code application/json}.
 *
 * <p>Endpoints: {@code POST /loki/api/v1/push}, {@code GET /loki/api/v1/query_range}, {@code GET /loki/api/v1/labels}
 * (also {@code /label}), {@code GET /loki/api/v1/label/<name>/values}, {@code GET /ready}.
 * Test hooks: {@link #push}, {@link #failNext}, {@link #queryRequests()}, {@link #clear()}.
 */
public final class SandboxLoki implements AutoCloseable {

    /** Loki's {@code max_entries_limit_per_query} default. */
    public static final int DEFAULT_MAX_ENTRIES_LIMIT = 5000;

    static final String MISSING_LABELS = "error at least one label pair is required per stream";
    static final String CATEGORIZE_LABELS = "categorize-labels";
    private static final long FUTURE_GRACE_NANOS = 10 * 60 * 1_000_000_000L;
    private static final long REJECT_OLD_SAMPLES_NANOS = 7 * 24 * 3600 * 1_000_000_000L;
    private static final long OUT_OF_ORDER_WINDOW_NANOS = 3600 * 1_000_000_000L;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABELS_PATH = "/loki/api/v1/labels";
    private static final String LABEL_PATH = "/loki/api/v1/label";
    private static final Pattern LABEL_VALUES_PATH = Pattern.compile(Pattern.quote(LABEL_PATH) + "/([^/]+)/values");

    /** One recorded query_range request: its absolute URI, its headers (names lower-cased) and when it came. */
    public record RecordedQuery(URI uri, Map<String, List<String>> headers, Instant at) {
    }

    private record CannedAnswer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final SandboxLogStore store = new SandboxLogStore();
    private final Queue<CannedAnswer> cannedAnswers = new ConcurrentLinkedQueue<>();
    private final List<RecordedQuery> recordedQueries = new ArrayList<>();
    private final AtomicInteger queryCount = new AtomicInteger();
    private final AtomicLong linesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile int maxEntriesLimit = DEFAULT_MAX_ENTRIES_LIMIT;
    private volatile boolean enforceAgeLimits;

    private SandboxLoki(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts a server on 127.0.0.1 on a free port. */
    public static SandboxLoki start() {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "sandbox-loki-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            SandboxLoki loki = new SandboxLoki(server, executor);
            server.createContext("/loki/api/v1/push", loki.guarded(loki::handlePush));
            server.createContext("/loki/api/v1/query_range", loki.guarded(loki::handleQueryRange));
            server.createContext(LABELS_PATH, loki.guarded(loki::handleLabels));
            server.createContext(LABEL_PATH, loki.guarded(loki::handleLabel));
            server.createContext("/ready", loki.guarded(loki::handleReady));
            server.createContext("/", loki.guarded(exchange -> sendText(exchange, 404, "404 page not found")));
            server.setExecutor(executor);
            server.start();
            return loki;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the sandbox Loki", e);
        }
    }

    /** For example {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- test hooks ----

    /**
     * Stores one line under the same rules as {@code POST /loki/api/v1/push}; an exact repeat of (labels, timestamp,
     * line) is dropped silently.
     *
     * @throws IllegalArgumentException with Loki's message when the push endpoint would answer 400 for this line
     */
    public void push(Map<String, String> labels, long tsNanos, String line) {
        String rejection = ingest(labels, tsNanos, line);
        if (rejection != null) {
            throw new IllegalArgumentException(rejection);
        }
    }

    public void push(LogEntry entry) {
        push(entry.labels(), entry.timestampNanos(), entry.line());
    }

    public void pushAll(Collection<LogEntry> entries) {
        entries.forEach(this::push);
    }

    /**
     * Queues a canned answer for the next {@code query_range} request that has none yet (first queued, first used).
     * A null content type sends no {@code Content-Type}; a null or empty body sends an empty body.
     */
    public void failNext(int status, String contentType, String body) {
        cannedAnswers.add(new CannedAnswer(status, contentType, body == null ? "" : body));
    }

    /** The absolute URIs of all {@code query_range} requests so far, oldest first (canned answers included). */
    public List<URI> queryRequests() {
        return recordedQueries().stream().map(RecordedQuery::uri).toList();
    }

    /** Like {@link #queryRequests()} but with headers, to check authentication and tenant headers. */
    public List<RecordedQuery> recordedQueries() {
        synchronized (recordedQueries) {
            return List.copyOf(recordedQueries);
        }
    }

    /** The LogQL of the {@code query_range} requests so far, each once, in the order first asked. */
    public List<String> queriesAsked() {
        return queryRequests().stream().map(uri -> queryParameters(uri).getOrDefault("query", "")).distinct().toList();
    }

    public int queryCount() {
        return queryCount.get();
    }

    /** Lines sent in successful {@code query_range} answers so far. */
    public long linesSent() {
        return linesSent.get();
    }

    /** Bytes of the successful {@code query_range} answers so far. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** How many lines are stored. */
    public int entryCount() {
        return store.size();
    }

    /** Forgets all lines, recorded requests and queued canned answers. */
    public void clear() {
        store.clear();
        cannedAnswers.clear();
        synchronized (recordedQueries) {
            recordedQueries.clear();
            queryCount.set(0);
        }
    }

    /** Loki's {@code max_entries_limit_per_query}: a larger {@code limit} is a 400. */
    public void setMaxEntriesLimit(int maxEntriesLimit) {
        this.maxEntriesLimit = maxEntriesLimit;
    }

    /**
     * Also reject lines older than 7 days and lines more than 1 hour behind the newest line of their stream, as Loki
     * does. Off by default so that tests and replays may seed old or out-of-order lines.
     */
    public void setEnforceAgeLimits(boolean enforceAgeLimits) {
        this.enforceAgeLimits = enforceAgeLimits;
    }

    // ---- ingest ----

    /** @return null when stored or dropped as an exact repeat, else Loki's 400 message */
    private String ingest(Map<String, String> labels, long tsNanos, String line) {
        SortedMap<String, String> streamLabels = new TreeMap<>();
        labels.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) { // an empty label value means the label is absent
                streamLabels.put(name, value);
            }
        });
        if (streamLabels.isEmpty()) {
            return MISSING_LABELS;
        }
        String stream = SandboxLogStore.streamKey(streamLabels);
        for (String name : streamLabels.keySet()) {
            if (!LABEL_NAME.matcher(name).matches()) {
                return "error parsing labels " + stream + ": invalid label name \"" + name + "\"";
            }
        }
        long now = nowNanos();
        if (tsNanos > now + FUTURE_GRACE_NANOS) {
            return "entry for stream '" + stream + "' has timestamp too new: " + instant(tsNanos);
        }
        if (enforceAgeLimits) {
            if (tsNanos < now - REJECT_OLD_SAMPLES_NANOS) {
                return "entry for stream '" + stream + "' has timestamp too old: " + instant(tsNanos)
                        + ", oldest acceptable timestamp is: " + instant(now - REJECT_OLD_SAMPLES_NANOS);
            }
            long newest = store.newestTimestamp(streamLabels);
            if (newest != Long.MIN_VALUE && tsNanos < newest - OUT_OF_ORDER_WINDOW_NANOS) {
                return "entry too far behind, entry timestamp is: " + instant(tsNanos)
                        + ", oldest acceptable timestamp is: " + instant(newest - OUT_OF_ORDER_WINDOW_NANOS);
            }
        }
        store.add(streamLabels, tsNanos, line);
        return null;
    }

    private void handlePush(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            sendText(exchange, 405, "method not allowed");
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            // a real Loki reads any other body as snappy-compressed protobuf and fails on JSON
            sendText(exchange, 400, "unsupported Content-Type " + contentType + ": the sandbox Loki reads application/json only");
            return;
        }
        JsonNode root;
        try (InputStream body = requestBody(exchange)) {
            root = JSON.readTree(body);
        } catch (IOException e) {
            sendText(exchange, 400, "error parsing push request: " + firstLine(e.getMessage()));
            return;
        }
        List<PushedLine> lines;
        try {
            lines = readPushRequest(root);
        } catch (IllegalArgumentException e) {
            sendText(exchange, 400, "error parsing push request: " + e.getMessage());
            return;
        }
        String firstRejection = null;
        for (PushedLine pushed : lines) { // like Loki, store the good lines even when others are rejected
            String rejection = ingest(pushed.labels(), pushed.tsNanos(), pushed.line());
            if (firstRejection == null) {
                firstRejection = rejection;
            }
        }
        if (firstRejection != null) {
            sendText(exchange, 400, firstRejection);
        } else {
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private record PushedLine(Map<String, String> labels, long tsNanos, String line) {
    }

    /** Reads the whole request before storing anything: a malformed request is rejected as a whole, as in Loki. */
    private static List<PushedLine> readPushRequest(JsonNode root) {
        JsonNode streams = root == null ? null : root.get("streams");
        if (streams == null || !streams.isArray()) {
            throw new IllegalArgumentException("expected an object with a \"streams\" array");
        }
        List<PushedLine> lines = new ArrayList<>();
        for (JsonNode stream : streams) {
            Map<String, String> labels = new HashMap<>();
            JsonNode labelNode = stream.path("stream");
            for (Map.Entry<String, JsonNode> label : labelNode.properties()) {
                if (!label.getValue().isTextual()) {
                    throw new IllegalArgumentException("label " + label.getKey() + " must be a string");
                }
                labels.put(label.getKey(), label.getValue().textValue());
            }
            JsonNode values = stream.path("values");
            if (!values.isArray()) {
                throw new IllegalArgumentException("expected \"values\" to be an array");
            }
            for (JsonNode value : values) {
                // a third element (Loki 3's structured metadata) is accepted and ignored
                if (!value.isArray() || value.size() < 2 || value.size() > 3) {
                    throw new IllegalArgumentException("each value must be [\"<ns timestamp>\", \"<line>\"]");
                }
                JsonNode ts = value.get(0);
                if (!ts.isTextual()) {
                    throw new IllegalArgumentException("timestamp must be a JSON string of nanoseconds, got "
                            + ts.getNodeType() + " " + ts);
                }
                long tsNanos;
                try {
                    tsNanos = Long.parseLong(ts.textValue());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + ts.textValue() + "\": invalid syntax");
                }
                if (!value.get(1).isTextual()) {
                    throw new IllegalArgumentException("line must be a JSON string, got " + value.get(1).getNodeType());
                }
                lines.add(new PushedLine(labels, tsNanos, value.get(1).textValue()));
            }
        }
        return lines;
    }

    private static InputStream requestBody(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream body = exchange.getRequestBody();
        return encoding != null && encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(body) : body;
    }

    // ---- query ----

    private void handleQueryRange(HttpExchange exchange) throws IOException {
        recordQuery(exchange);
        CannedAnswer canned = cannedAnswers.poll();
        if (canned != null) {
            byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
            if (canned.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", canned.contentType());
            }
            exchange.sendResponseHeaders(canned.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            sendText(exchange, 405, "method not allowed");
            return;
        }
        QueryRangeRequest request;
        try {
            request = QueryRangeRequest.parse(queryParameters(exchange.getRequestURI()), nowNanos(), maxEntriesLimit);
        } catch (QueryRangeRequest.BadRequest | IllegalArgumentException e) {
            sendQueryError(exchange, 400, e.getMessage());
            return;
        }
        List<SandboxLogStore.Hit> hits = store.select(request.query(), request.startNanos(), request.endNanos(),
                request.limit(), request.forward());
        String flags = exchange.getRequestHeaders().getFirst("X-Loki-Response-Encoding-Flags");
        boolean categorizeLabels = flags != null && List.of(flags.split("\\s*,\\s*")).contains(CATEGORIZE_LABELS);
        byte[] body = streamsResponse(hits, categorizeLabels).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        linesSent.addAndGet(hits.size());
        bytesSent.addAndGet(body.length);
    }

    // ---- label API ----

    private void handleLabels(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(LABELS_PATH)) {
            sendText(exchange, 404, "404 page not found");
            return;
        }
        answerLabels(exchange, null);
    }

    /** {@code /label} names the labels too; {@code /label/<name>/values} gives one label's values. */
    private void handleLabel(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        java.util.regex.Matcher values = LABEL_VALUES_PATH.matcher(path);
        if (path.equals(LABEL_PATH)) {
            answerLabels(exchange, null);
        } else if (values.matches()) {
            answerLabels(exchange, values.group(1));
        } else {
            sendText(exchange, 404, "404 page not found");
        }
    }

    /**
     * The label names (name null) or one label's values of the streams with a line in the range, sorted; the
     * values may be narrowed by a stream selector in {@code query}. Loki leaves {@code data} out when it is empty.
     */
    private void answerLabels(HttpExchange exchange, String name) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            sendText(exchange, 405, "method not allowed");
            return;
        }
        Map<String, String> params = queryParameters(exchange.getRequestURI());
        QueryRangeRequest.Bounds bounds;
        LogQuery selector = null;
        try {
            bounds = QueryRangeRequest.bounds(params, nowNanos());
            String query = params.getOrDefault("query", "");
            if (name != null && !query.isEmpty()) {
                selector = LogQuery.parse(query);
            }
        } catch (QueryRangeRequest.BadRequest | LogQlText.ParseException e) {
            sendQueryError(exchange, 400, e.getMessage());
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "success");
        SortedSet<String> labels = store.labels(name, selector, bounds.startNanos(), bounds.endNanos());
        if (!labels.isEmpty()) {
            answer.put("data", labels);
        }
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void recordQuery(HttpExchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        URI uri = URI.create(baseUrl + exchange.getRequestURI().toString());
        synchronized (recordedQueries) {
            recordedQueries.add(new RecordedQuery(uri, headers, Instant.now()));
            queryCount.incrementAndGet();
        }
    }

    /** Form decoding as Go's {@code r.Form.Get}: {@code +} is a space and the first value of a name wins. */
    static Map<String, String> queryParameters(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    /**
     * One result element per stream, ordered by the stream's label text; inside a stream the entries keep the
     * selection order (the query's direction).
     */
    static String streamsResponse(List<SandboxLogStore.Hit> hits, boolean categorizeLabels) {
        Map<String, List<SandboxLogStore.Hit>> byStream = new TreeMap<>();
        for (SandboxLogStore.Hit hit : hits) {
            byStream.computeIfAbsent(hit.stream().key, key -> new ArrayList<>()).add(hit);
        }
        StringBuilder out = new StringBuilder(256 + hits.size() * 200);
        out.append("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",");
        if (categorizeLabels) {
            out.append("\"encodingFlags\":[\"" + CATEGORIZE_LABELS + "\"],");
        }
        out.append("\"result\":[");
        boolean firstStream = true;
        for (List<SandboxLogStore.Hit> streamHits : byStream.values()) {
            out.append(firstStream ? "" : ",").append("{\"stream\":{");
            firstStream = false;
            boolean firstLabel = true;
            for (Map.Entry<String, String> label : streamHits.get(0).stream().labels.entrySet()) {
                out.append(firstLabel ? "" : ",");
                firstLabel = false;
                GoJson.appendString(out, label.getKey());
                out.append(':');
                GoJson.appendString(out, label.getValue());
            }
            out.append("},\"values\":[");
            boolean firstValue = true;
            for (SandboxLogStore.Hit hit : streamHits) {
                out.append(firstValue ? "[\"" : ",[\"").append(hit.timestampNanos()).append("\",");
                firstValue = false;
                GoJson.appendString(out, hit.line());
                out.append(categorizeLabels ? ",{}]" : "]");
            }
            out.append("]}");
        }
        return out.append("],\"stats\":{}}}").toString();
    }

    // ---- plumbing ----

    private void handleReady(HttpExchange exchange) throws IOException {
        sendText(exchange, 200, "ready");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Always answers and closes the exchange, so a bug shows up as a 500 instead of a hung client. */
    private com.sun.net.httpserver.HttpHandler guarded(Handler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException | IOException e) {
                if (exchange.getResponseCode() == -1) {
                    sendText(exchange, 500, "sandbox Loki failed: " + e);
                }
            } finally {
                exchange.close();
            }
        };
    }

    /** Loki's query errors: a plain-text body that Loki 2.8 nevertheless labels {@code application/json}. */
    private static void sendQueryError(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "application/json; charset=UTF-8", message);
    }

    private static void sendText(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", message);
    }

    /** Like Go's {@code http.Error}: the message plus a newline. */
    private static void send(HttpExchange exchange, int status, String contentType, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
