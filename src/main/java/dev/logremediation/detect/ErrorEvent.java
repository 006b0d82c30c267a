package dev.logremediation.detect;

import java.util.List;

/**
 * A log line that the classifier judged to be an error, reduced to what incidents, emails and reports need.
 *
 * @param key            the incident key (the service by default: component, source, service_name or app label)
 * @param timestampNanos the log timestamp, nanoseconds since the epoch
 * @param signature      a short summary such as {@code POST /api/order 500 Failed to fulfill order at factory}
 * @param links          the distinct resolution links in the line, unescaped, in order of appearance
 * @param line           the line itself, truncated to a bounded length for samples
 * @param kind           what went wrong, read from the line; null for an error that is no log line
 * @param latencyMillis  how long the request took, when the line says ({@code durationMs} and the like); else -1
 * @param orderSide      whether the line is the service's answer to an order or the factory call for one
 * @param orderId        the order's id when the line holds it; else -1
 */
public record ErrorEvent(String key, long timestampNanos, String signature, List<String> links, String line,
                         FailureKind kind, long latencyMillis, OrderSide orderSide, long orderId) {

    /** Which log line of a pizza order this is: one order can log both. */
    public enum OrderSide { NONE, SERVICE, FACTORY }

    public ErrorEvent {
        links = List.copyOf(links);
    }

    /** An error that is no log line, e.g. a failed verification purchase: no kind, latency or order. */
    public ErrorEvent(String key, long timestampNanos, String signature, List<String> links, String line) {
        this(key, timestampNanos, signature, links, line, null, -1, OrderSide.NONE, -1);
    }
}
