package dev.logremediation.hostile;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on one loopback address that records every request it gets. As a trap it answers like a
 * factory whose chaos ended ("Problem resolved"), so a product that wrongly reached it would also believe it.
 */
final class TrapServer implements AutoCloseable {

    /** One request: method, raw URI (path and query), headers with lower-case names. */
    record Request(String method, String uri, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;
    private final List<Request> requests = new ArrayList<>();

    private TrapServer(HttpServer server, ExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /** A trap: records the request and answers 200 {"message":"Problem resolved. Pizza is back on the menu!"}. */
    static TrapServer start(String bindAddress) {
        return start(bindAddress, exchange -> send(exchange, 200, "{\"message\":\"Problem resolved. Pizza is back on the menu!\"}"));
    }

    static TrapServer start(String bindAddress, Handler handler) {
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "trap-" + bindAddress);
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), 0), 0);
            TrapServer trap = new TrapServer(server, executor, bindAddress);
            server.createContext("/", exchange -> {
                try {
                    trap.record(exchange);
                    handler.handle(exchange);
                } catch (IOException | RuntimeException e) {
                    // the client went away (capped read): nothing to do
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(executor);
            server.start();
            return trap;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start a trap server on " + bindAddress, e);
        }
    }

    private void record(HttpExchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        synchronized (requests) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers));
        }
    }

    static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code host:port} */
    String authority() {
        return host + ":" + port();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
