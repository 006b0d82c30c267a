package dev.logremediation.observe;

import dev.logremediation.cluster.Leadership;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Readiness (not liveness): DOWN when a watch has had no successful poll for longer than observe.max-poll-age (a
 * watch that never succeeded counts from the start), or when Loki's ready endpoint does not answer 2xx.
 *
 * <p>Its message and details name watches, ages and HTTP statuses only: never Loki's URL (it may carry credentials),
 * the Authorization header, or an exception message.
 */
final class LokiReadiness extends ReadinessCheck {

    static final String ID = "loki-polls";

    private final PipelineMetrics metrics;
    private final Leadership leadership;
    private final Clock clock;
    private final Duration maxPollAge;
    private final URI readyUri;
    private final String authorization;
    private final String orgId;
    private final Duration timeout;
    /** Made on the first readiness request: building it loads TLS and the trust store, which start-up does not need. */
    private HttpClient http;

    /**
     * @param readyUri      Loki's ready endpoint, or null not to ask it
     * @param authorization the Authorization header the queries send, or null
     * @param orgId         X-Scope-OrgID, or blank
     */
    LokiReadiness(PipelineMetrics metrics, Leadership leadership, Clock clock, Duration maxPollAge, URI readyUri, String authorization,
                  String orgId, Duration timeout) {
        super(ID);
        this.metrics = metrics;
        this.leadership = leadership;
        this.clock = clock;
        this.maxPollAge = maxPollAge;
        this.readyUri = readyUri;
        this.authorization = authorization;
        this.orgId = orgId;
        this.timeout = timeout;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!leadership.isLeader()) {
            // a standby does not poll; it is ready to take over, which is all it has to be
            builder.detail("role", "standby").up();
            return;
        }
        List<String> problems = new ArrayList<>();
        Instant now = clock.instant();
        Map<String, Optional<Instant>> polls = metrics.lastSuccessfulPolls();
        if (polls.isEmpty()) {
            Duration sinceStart = Duration.between(metrics.started(), now);
            builder.detail("polls", "none yet");
            if (sinceStart.compareTo(maxPollAge) > 0) {
                problems.add("no poll began in " + PipelineMetrics.age(sinceStart));
            }
        }
        polls.forEach((watch, last) -> {
            Duration age = Duration.between(last.orElse(metrics.started()), now);
            builder.detail("watch." + watch + ".last-successful-poll",
                    last.isPresent() ? PipelineMetrics.age(age) + " ago" : "none");
            if (age.compareTo(maxPollAge) > 0) {
                problems.add("watch " + watch + (last.isPresent() ? " last polled successfully "
                        + PipelineMetrics.age(age) + " ago" : " has not polled successfully in " + PipelineMetrics.age(age)));
            }
        });
        builder.detail("max-poll-age", PipelineMetrics.age(maxPollAge));
        if (readyUri != null) {
            String loki = askLoki();
            builder.detail("loki", loki);
            if (!loki.startsWith("ready")) {
                problems.add("Loki " + loki);
            }
        }
        if (problems.isEmpty()) {
            builder.message(polls.isEmpty() ? "waiting for the first poll" : "every watch polled Loki within "
                    + PipelineMetrics.age(maxPollAge)).up();
        } else {
            builder.message(String.join("; ", problems)).down();
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** "ready (HTTP 200)", "not ready (HTTP 503)" or "unreachable (ConnectException)". */
    private String askLoki() {
        HttpRequest.Builder request = HttpRequest.newBuilder(readyUri).timeout(timeout).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (orgId != null && !orgId.isBlank()) {
            request.header("X-Scope-OrgID", orgId);
        }
        try {
            int status = http().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return (status / 100 == 2 ? "ready" : "not ready") + " (HTTP " + status + ")";
        } catch (IOException | RuntimeException e) {
            // the class only: a message may quote the URL
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable (interrupted)";
        }
    }
}
