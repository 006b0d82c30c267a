package dev.logremediation.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.ErrorEvent;
import dev.logremediation.detect.ErrorEvent.OrderSide;
import dev.logremediation.detect.FailureKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an incident keeps of its errors for people: distinct sample lines, and the orders its lines tell of. */
class IncidentImpactAndSamplesTest {

    private static final Watch WATCH = new Watch("w", "{app=\"shop\"}", 5, Duration.ofMinutes(1),
            Duration.ofMinutes(5), List.of("oncall@example.com"), Duration.ZERO);
    private static final long SECOND = 1_000_000_000L;
    private final LinkVault vault = new LinkVault();
    private final Incident incident = new Incident(WATCH, "shop", 1);

    private static ErrorEvent error(long ts, String signature, String line) {
        return new ErrorEvent("shop", ts, signature, List.of(), line);
    }

    private static ErrorEvent order(long ts, OrderSide side, long orderId, FailureKind kind, long latencyMillis) {
        return new ErrorEvent("shop", ts, side + " " + kind, List.of(), "line " + ts, kind, latencyMillis, side,
                orderId);
    }

    @Test
    void samplesAreDistinctAndShowEachSignatureFirst() {
        for (int i = 0; i < 20; i++) {
            incident.add(error(i, "POST /api/order 500 chaos", "the same line"), vault);
        }
        incident.add(error(21, "POST /api/order 500 chaos", "another line"), vault);
        for (int i = 0; i < 5; i++) {
            incident.add(error(30 + i, "GET /api/order/menu 500 db", "menu line " + i), vault);
        }
        incident.add(error(40, "unhandledError db", "unhandled line"), vault);

        assertThat(incident.samples()).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(Incident.MAX_SAMPLES)
                .startsWith("the same line", "menu line 0", "unhandled line")
                .contains("another line");
    }

    @Test
    void aLateSignatureStillGetsASampleWhenAllPlacesAreTaken() {
        for (int i = 0; i < 10; i++) {
            incident.add(error(i, "a", "a " + i), vault);
        }
        incident.add(error(20, "b", "b 0"), vault);

        assertThat(incident.samples()).hasSize(Incident.MAX_SAMPLES).startsWith("a 0", "b 0");
    }

    @Test
    void aFailedOrderLoggingAFactoryLineAndAnAnswerIsOneOrderPairedByTime() {
        // fail chaos: the factory line holds the order id, the 500 answer a few milliseconds later does not
        for (int i = 0; i < 6; i++) {
            long ts = i * 5 * SECOND;
            incident.add(order(ts, OrderSide.FACTORY, 100 + i, FailureKind.SERVER_ERROR, 40), vault);
            incident.add(order(ts + 3_000_000, OrderSide.SERVICE, -1, FailureKind.SERVER_ERROR, -1), vault);
        }

        Impact impact = incident.impact();
        assertThat(impact.orders()).isEqualTo(6);
        assertThat(impact.pairedByTime()).isEqualTo(6);
        assertThat(impact.eachOrderCountedOnce()).isTrue();
        assertThat(impact.firstOrderNanos()).isZero();
        assertThat(impact.lastOrderNanos()).isEqualTo(25 * SECOND + 3_000_000);
        assertThat(impact.kinds()).isEqualTo(Map.of(FailureKind.SERVER_ERROR, 12L));
        assertThat(impact.maxLatencyMillis()).isEqualTo(40);
    }

    @Test
    void concurrentSlowOrdersArePairedByTheirIds() {
        // throttle chaos: three orders in flight at once, answered in another order than they were logged
        incident.add(order(0, OrderSide.FACTORY, 1, FailureKind.SLOW_SUCCESS, 32_000), vault);
        incident.add(order(1, OrderSide.FACTORY, 2, FailureKind.SLOW_SUCCESS, 32_100), vault);
        incident.add(order(2, OrderSide.SERVICE, 2, FailureKind.SLOW_SUCCESS, -1), vault);
        incident.add(order(3, OrderSide.FACTORY, 3, FailureKind.SLOW_SUCCESS, 32_050), vault);
        incident.add(order(4, OrderSide.SERVICE, 1, FailureKind.SLOW_SUCCESS, -1), vault);
        incident.add(order(5, OrderSide.SERVICE, 3, FailureKind.SLOW_SUCCESS, -1), vault);

        Impact impact = incident.impact();
        assertThat(impact.orders()).isEqualTo(3);
        assertThat(impact.pairedById()).isEqualTo(3);
        assertThat(impact.pairedByTime()).isZero();
        assertThat(impact.maxLatencyMillis()).isEqualTo(32_100);
        assertThat(impact.averageLatencyMillis()).isEqualTo(32_050);
        assertThat(impact.mainKind()).isEqualTo(FailureKind.SLOW_SUCCESS);
    }

    @Test
    void linesTooFarApartAreNotPairedAndTheCountSaysSo() {
        incident.add(order(0, OrderSide.FACTORY, -1, FailureKind.SERVER_ERROR, -1), vault);
        incident.add(order(10 * SECOND, OrderSide.SERVICE, -1, FailureKind.SERVER_ERROR, -1), vault);
        incident.add(order(20 * SECOND, OrderSide.SERVICE, -1, FailureKind.SERVER_ERROR, -1), vault);

        Impact impact = incident.impact();
        assertThat(impact.orders()).isEqualTo(3);
        assertThat(impact.eachOrderCountedOnce()).isFalse();
    }

    @Test
    void linesThatAreNoOrderCountNoOrder() {
        incident.add(error(0, "GET /api/order/menu 500 db", "menu"), vault);

        assertThat(incident.impact().orders()).isZero();
        assertThat(incident.impact().firstOrderNanos()).isZero();
    }

    @Test
    void theImpactAndSamplesSurviveTheIncidentStore() throws Exception {
        incident.add(order(0, OrderSide.FACTORY, 7, FailureKind.BAD_TOKEN, 3), vault);
        incident.add(order(1, OrderSide.SERVICE, 7, FailureKind.BAD_TOKEN, -1), vault);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(incident);
        }
        Incident restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (Incident) in.readObject();
        }
        restored.add(order(2, OrderSide.FACTORY, 8, FailureKind.BAD_TOKEN, 3), vault);

        assertThat(restored.impact().orders()).isEqualTo(2);
        assertThat(restored.impact().pairedById()).isEqualTo(1);
        assertThat(restored.samples()).containsExactly("line 0", "line 1", "line 2");
        assertThat(bytes.size()).as("stored incident stays small").isLessThan(4096);
    }
}
