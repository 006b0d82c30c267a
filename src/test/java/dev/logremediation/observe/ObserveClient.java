package dev.logremediation.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks the observe endpoints over real HTTP, and reads the Prometheus text they answer. */
final class ObserveClient {

    record Answer(int status, String contentType, String body) {

        /** The health answer as JSON: {"status": "UP", "checks": [{"name", "status", "message", "data"}]}. */
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The named check of a health answer, or a missing node. */
        JsonNode check(String name) {
            for (JsonNode check : json().path("checks")) {
                if (name.equals(check.path("name").asText())) {
                    return check;
                }
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    ObserveClient(int port) {
        this.port = port;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String metrics() {
        Answer answer = get("/observe/metrics");
        if (answer.status() != 200) {
            throw new IllegalStateException("/observe/metrics answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /**
     * The value of one series in Prometheus text, e.g. {@code value(text, "logremediation_polls_total",
     * Map.of("watch", "w", "outcome", "ok"))}; the labels given must match exactly, others are ignored. NaN when
     * no such series.
     */
    static double value(String text, String name, Map<String, String> labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String series = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            if (!series.equals(name)) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            if (brace >= 0) {
                Matcher matcher = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (matcher.find()) {
                    found.put(matcher.group(1), matcher.group(2));
                }
            }
            if (labels.entrySet().stream().allMatch(e -> e.getValue().equals(found.get(e.getKey())))) {
                return Double.parseDouble(line.substring(space + 1).trim());
            }
        }
        return Double.NaN;
    }
}
