package dev.logremediation.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/** Talks to a {@link SandboxLoki} over real HTTP, as the product's poller would. */
final class LokiTestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String QUERY_RANGE = "/loki/api/v1/query_range";
    static final String PUSH = "/loki/api/v1/push";

    /** One entry of a query answer, with the stream it came in. */
    record Value(Map<String, String> stream, String timestamp, String line) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    LokiTestClient(SandboxLoki loki) {
        this.baseUrl = loki.baseUrl();
    }

    /** GET query_range with the parameters in order; a null value leaves the parameter out. */
    HttpResponse<String> queryRange(Map<String, String> params) {
        return get(QUERY_RANGE + "?" + params.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> push(String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + PUSH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> pushGzip(String json) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(baseUrl + PUSH))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())));
    }

    /** A push body with one stream. */
    static String pushBody(Map<String, String> labels, List<List<String>> values) {
        try {
            return JSON.writeValueAsString(Map.of("streams", List.of(Map.of("stream", labels, "values", values))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a successful answer, stream by stream, in answer order. */
    static List<Value> values(HttpResponse<String> response) {
        List<Value> values = new ArrayList<>();
        for (JsonNode result : json(response).path("data").path("result")) {
            Map<String, String> stream = new LinkedHashMap<>();
            result.path("stream").properties().forEach(e -> stream.put(e.getKey(), e.getValue().textValue()));
            for (JsonNode value : result.path("values")) {
                values.add(new Value(stream, value.get(0).textValue(), value.get(1).textValue()));
            }
        }
        return values;
    }

    static List<String> lines(HttpResponse<String> response) {
        return values(response).stream().map(Value::line).toList();
    }

    static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    /** A whole second an hour ago: recent enough for Loki's push rules, far enough from now for any clock. */
    static long anHourAgoNanos() {
        return (Instant.now().getEpochSecond() - 3600) * 1_000_000_000L;
    }
}
