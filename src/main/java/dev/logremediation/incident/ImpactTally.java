package dev.logremediation.incident;

import dev.logremediation.detect.ErrorEvent;
import dev.logremediation.detect.ErrorEvent.OrderSide;
import dev.logremediation.detect.FailureKind;

import java.io.Serializable;
import java.util.EnumMap;

/**
 * Counts an incident's {@link Impact} as its errors arrive, in bounded memory (it is stored with the incident).
 * One order usually logs a factory line and then the service's answer, milliseconds apart: a new order line is
 * paired with a recent unpaired line of the other side, by the order id when both hold one, else by log time.
 */
final class ImpactTally implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Unpaired order lines remembered for pairing; lines arrive in log-time order, so a few are plenty. */
    static final int MAX_UNPAIRED = 32;
    /** The factory line and the service's answer of one order are logged within this time of each other. */
    static final long PAIR_WINDOW_NANOS = 2_000_000_000L;

    private final EnumMap<FailureKind, Long> kinds = new EnumMap<>(FailureKind.class);
    private long orders;
    private long serviceLines;
    private long factoryLines;
    private long pairedById;
    private long pairedByTime;
    private long firstOrderNanos;
    private long lastOrderNanos;
    private long timedLines;
    private long maxLatencyMillis = -1;
    private long totalLatencyMillis;
    /** A ring of unpaired order lines: side (null for a free slot), order id, log time. */
    private final OrderSide[] unpairedSides = new OrderSide[MAX_UNPAIRED];
    private final long[] unpairedIds = new long[MAX_UNPAIRED];
    private final long[] unpairedNanos = new long[MAX_UNPAIRED];
    private int nextSlot;

    void add(ErrorEvent error) {
        if (error.kind() != null) {
            kinds.merge(error.kind(), 1L, Long::sum);
        }
        if (error.latencyMillis() >= 0) {
            timedLines++;
            totalLatencyMillis += error.latencyMillis();
            maxLatencyMillis = Math.max(maxLatencyMillis, error.latencyMillis());
        }
        OrderSide side = error.orderSide();
        if (side == null || side == OrderSide.NONE) {
            return;
        }
        long ts = error.timestampNanos();
        if (side == OrderSide.SERVICE) {
            serviceLines++;
        } else {
            factoryLines++;
        }
        firstOrderNanos = serviceLines + factoryLines == 1 ? ts : Math.min(firstOrderNanos, ts);
        lastOrderNanos = Math.max(lastOrderNanos, ts);
        int partner = partner(side, error.orderId(), ts);
        if (partner < 0) {
            orders++;
            unpairedSides[nextSlot] = side;
            unpairedIds[nextSlot] = error.orderId();
            unpairedNanos[nextSlot] = ts;
            nextSlot = (nextSlot + 1) % MAX_UNPAIRED;
        } else {
            if (error.orderId() >= 0 && unpairedIds[partner] == error.orderId()) {
                pairedById++;
            } else {
                pairedByTime++;
            }
            unpairedSides[partner] = null;
        }
    }

    /** The slot of the unpaired line of the other side that belongs to the same order, or -1. */
    private int partner(OrderSide side, long orderId, long ts) {
        int closest = -1;
        long closestGap = Long.MAX_VALUE;
        for (int i = 0; i < MAX_UNPAIRED; i++) {
            if (unpairedSides[i] == null || unpairedSides[i] == side) {
                continue;
            }
            boolean bothHaveIds = orderId >= 0 && unpairedIds[i] >= 0;
            if (bothHaveIds && unpairedIds[i] == orderId) {
                return i;
            }
            long gap = Math.abs(ts - unpairedNanos[i]);
            if (!bothHaveIds && gap <= PAIR_WINDOW_NANOS && gap < closestGap) {
                closest = i;
                closestGap = gap;
            }
        }
        return closest;
    }

    Impact snapshot() {
        return new Impact(kinds, orders, serviceLines, factoryLines, pairedById, pairedByTime, firstOrderNanos,
                lastOrderNanos, timedLines, maxLatencyMillis, totalLatencyMillis);
    }
}
