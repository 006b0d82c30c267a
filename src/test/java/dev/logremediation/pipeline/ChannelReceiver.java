package dev.logremediation.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver for channel messages (a webhook receiver, Slack's incoming webhooks): records every POST it
 * accepts, and answers 503 while it is "down" or for the next few requests.
 */
public final class ChannelReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived; {@code accepted} when it was answered 200. */
    public record Request(String method, String path, String query, String contentType, String body, boolean accepted) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private volatile boolean down;

    private ChannelReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean accepted = !down && refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                        body, accepted));
            }
            byte[] answer = (accepted ? "ok" : "service unavailable").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(accepted ? 200 : 503, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public static ChannelReceiver start() throws IOException {
        return new ChannelReceiver();
    }

    /** A URL on this receiver, e.g. url("/services/T0/B0/token"). */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    /** While down, every request is answered 503. */
    public void down(boolean down) {
        this.down = down;
    }

    public void refuseNext(int requests) {
        refuseNext.set(requests);
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The bodies accepted on this path, in order. */
    public List<JsonNode> accepted(String path) {
        return requests().stream().filter(r -> r.accepted() && r.path().equals(path)).map(Request::json).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
