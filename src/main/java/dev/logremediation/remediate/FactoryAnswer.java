package dev.logremediation.remediate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.detect.SecretMasker;
import dev.logremediation.text.Text;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads the factory's answer to a followed link (at most {@link #MAX_ANSWER_BYTES}) into a {@link RemediationResult}. */
public final class FactoryAnswer {

    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public RemediationResult read(Exchange exchange) throws IOException {
        LinkDecision decision = exchange.getProperty("linkDecision", LinkDecision.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String message = message(exchange.getIn().getBody(InputStream.class));
        RemediationOutcome outcome;
        if (status == 200 && message.contains("No chaos currently executing")) {
            outcome = RemediationOutcome.ALREADY_RESOLVED;
        } else if (status == 200 && (message.contains("Problem resolved") || message.contains("Chaos resolved"))) {
            outcome = RemediationOutcome.RESOLVED;
        } else if (status == 400 && message.contains("Problem unresolved")) {
            outcome = RemediationOutcome.STALE_LINK;
        } else {
            outcome = RemediationOutcome.FAILED;
        }
        return new RemediationResult(decision.masked(), outcome, status, "HTTP " + status + ": " + message, Instant.now());
    }

    /** A refused link, or one whose request failed (timeout, connection refused). */
    public RemediationResult notFollowed(Exchange exchange) {
        LinkDecision decision = exchange.getProperty("linkDecision", LinkDecision.class);
        if (!decision.allowed()) {
            return new RemediationResult(decision.masked(), RemediationOutcome.REFUSED_BY_POLICY, 0, decision.reason(),
                    Instant.now());
        }
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = failure == null ? "no answer" : failure.getClass().getSimpleName();
        if (failure != null && !neverSent(failure)) {
            // the request may have reached the factory (a read timeout, a dropped connection): only a purchase can tell
            return new RemediationResult(decision.masked(), RemediationOutcome.UNKNOWN, 0, why
                    + ": the request went out and no answer came", Instant.now());
        }
        return new RemediationResult(decision.masked(), RemediationOutcome.FAILED, 0, why, Instant.now());
    }

    /** No connection was made, so the factory cannot have seen the request. */
    private static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.net.NoRouteToHostException
                    || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A link that an earlier round or incident followed: links are followed at most once, so not again. */
    public RemediationResult followedBefore(Exchange exchange) {
        LinkDecision decision = exchange.getProperty("linkDecision", LinkDecision.class);
        return new RemediationResult(decision.masked(), RemediationOutcome.FOLLOWED_BEFORE, 0,
                "followed before; links are followed at most once", Instant.now());
    }

    private static String message(InputStream body) throws IOException {
        if (body == null) {
            return "(empty answer)";
        }
        try (body) {
            String text = new String(body.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
            try {
                JsonNode json = JSON.readTree(text);
                JsonNode message = json.has("message") ? json.get("message") : json.path("msg");
                if (message.isTextual()) {
                    return Text.oneLine(SecretMasker.mask(message.asText()), 200);
                }
            } catch (IOException notJson) {
                // fall through to the raw text
            }
            // an error page may echo the request path, api key and all
            return Text.oneLine(SecretMasker.mask(text), 200);
        }
    }
}
