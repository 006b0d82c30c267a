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
 */
public record ErrorEvent(String key, long timestampNanos, String signature, List<String> links, String line) {

    public ErrorEvent {
        links = List.copyOf(links);
    }
}
