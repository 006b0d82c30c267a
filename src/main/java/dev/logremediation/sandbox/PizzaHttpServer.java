package dev.logremediation.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.logremediation.sandbox.SandboxPizza.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One JDK HttpServer on 127.0.0.1 (free port) that answers JSON, like the Express apps of JWT Pizza. Every request is
 * recorded before it is handled, so tests can see requests even when handling fails.
 */
final class PizzaHttpServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A JSON answer. */
    record Answer(int status, JsonNode body) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Function<RecordedRequest, Answer> handler;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** Answers to requests whose "METHOD path" starts with this are held (after handling) until released; null: none. */
    private volatile String heldPath;
    private volatile java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(0);

    private PizzaHttpServer(String name, int threads, Function<RecordedRequest, Answer> handler) {
        this.handler = handler;
        this.executor = Executors.newFixedThreadPool(threads, daemonThreads(name));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start " + name, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static PizzaHttpServer start(String name, int threads, Function<RecordedRequest, Answer> handler) {
        return new PizzaHttpServer(name, threads, handler);
    }

    /** For example {@code http://127.0.0.1:41234}, without a trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    /** Handles requests whose "METHOD path" starts with {@code route} but holds their answers until {@link #release()}. */
    void holdAnswers(String route) {
        held = new java.util.concurrent.CountDownLatch(1);
        heldPath = route;
    }

    /** Sends the held answers, and holds no more. */
    void release() {
        heldPath = null;
        held.countDown();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // also interrupts a factory that is sleeping through throttle chaos
    }

    private void handle(HttpExchange exchange) {
        try {
            RecordedRequest request = read(exchange);
            requests.add(request);
            Answer answer;
            try {
                answer = handler.apply(request);
            } catch (RuntimeException e) { // a sandbox bug: answer instead of leaving the client hanging
                answer = new Answer(500, message(e.toString()));
            }
            String holding = heldPath;
            if (holding != null && (request.method() + " " + request.path()).startsWith(holding)) {
                // handled, but the answer waits: the caller's crash now falls between request and answer
                held.await(2, java.util.concurrent.TimeUnit.MINUTES);
            }
            byte[] body = json(answer.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static RecordedRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
    }

    // ---- JSON helpers shared by the service and the factory ----

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ObjectNode message(String message) {
        return object().put("message", message);
    }

    /** The parsed text, or a missing node when it is empty or not JSON (as a lenient body parser would). */
    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
