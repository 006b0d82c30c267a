package dev.logremediation.incident;

import dev.logremediation.detect.FailureKind;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What an incident did to customers, as far as its lines tell: the kinds of failure, the orders that failed or were
 * degraded (each order once, when its service line and its factory line can be paired), when, and how slow.
 *
 * @param kinds              error lines per kind
 * @param orders             failed or degraded orders: order lines, less the pairs found
 * @param serviceOrderLines  the service's answers to {@code POST /api/order} among the errors
 * @param factoryOrderLines  the factory calls among the errors
 * @param pairedById         service and factory lines paired by the order id both hold
 * @param pairedByTime       service and factory lines paired by log time (the factory line has the id, the failed
 *                           answer does not)
 * @param firstOrderNanos    the first affected order's log time; 0 when no line was an order
 * @param lastOrderNanos     the last affected order's log time; 0 when no line was an order
 * @param timedLines         lines that said how long the request took
 * @param maxLatencyMillis   the longest of those; -1 when none did
 * @param totalLatencyMillis their sum
 */
public record Impact(Map<FailureKind, Long> kinds, long orders, long serviceOrderLines, long factoryOrderLines,
                     long pairedById, long pairedByTime, long firstOrderNanos, long lastOrderNanos, long timedLines,
                     long maxLatencyMillis, long totalLatencyMillis) {

    /** An incident of which nothing but its counts is known. */
    public static final Impact NONE = new Impact(Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, -1, 0);

    public Impact {
        kinds = kinds.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(kinds));
    }

    /** The kind most lines had (the first kind on a tie); null when nothing is known. */
    public FailureKind mainKind() {
        return kinds.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** -1 when no line said how long it took. */
    public long averageLatencyMillis() {
        return timedLines == 0 ? -1 : totalLatencyMillis / timedLines;
    }

    /** True when every service line found its factory line, or only one of the two sides was logged. */
    public boolean eachOrderCountedOnce() {
        long pairs = pairedById + pairedByTime;
        return serviceOrderLines == 0 || factoryOrderLines == 0
                || pairs == Math.min(serviceOrderLines, factoryOrderLines);
    }
}
