package dev.logremediation.verify;

import static dev.logremediation.verify.VerifyPurchaseTest.PASSWORD;
import static dev.logremediation.verify.VerifyPurchaseTest.SIX_CALLS;
import static dev.logremediation.verify.VerifyPurchaseTest.calls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.sandbox.SandboxPizza;
import dev.logremediation.verify.PurchaseVerdict.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Purchases that need their own settings: unreachable servers, timeouts, the latency limit, verification off. */
class VerifyPurchaseLimitsTest {

    private SandboxPizza pizza;

    @BeforeEach
    void startShop() {
        pizza = SandboxPizza.start(null);
        pizza.setDiner("d@jwt.com", PASSWORD);
    }

    @AfterEach
    void stopShop() {
        pizza.close();
    }

    private PurchaseVerdict purchase(Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of(
                "verification.enabled", "true",
                "verification.shop-url", pizza.serviceUrl(),
                "verification.factory-url", pizza.factoryUrl(),
                "verification.diner-password", PASSWORD));
        all.putAll(settings);
        try (RunningPipeline pipeline = RunningPipeline.start(all)) {
            return pipeline.context().createProducerTemplate()
                    .requestBody("direct:verify-purchase", null, PurchaseVerdict.class);
        }
    }

    @Test
    void aFactoryThatCannotBeReachedForTheVerificationIsFactoryUnreachable() throws Exception {
        PurchaseVerdict verdict = purchase(Map.of("verification.factory-url", "http://127.0.0.1:" + closedPort()));

        assertThat(verdict.reason()).isEqualTo(Reason.FACTORY_UNREACHABLE);
        assertThat(verdict.detail()).contains("cannot be reached to verify", "Connection refused");
        assertThat(calls(verdict)).containsExactlyElementsOf(SIX_CALLS);
        assertThat(verdict.steps()).extracting(PurchaseStep::status).containsExactly(200, 200, 200, 200, 0, 200);
        assertThat(verdict.orderId()).isPositive();
    }

    @Test
    void aShopThatCannotBeReachedIsShopDown() throws Exception {
        PurchaseVerdict verdict = purchase(Map.of("verification.shop-url", "http://127.0.0.1:" + closedPort()));

        assertThat(verdict.reason()).isEqualTo(Reason.SHOP_DOWN);
        assertThat(verdict.detail()).contains("cannot be reached (PUT /api/auth)");
        assertThat(verdict.steps()).extracting(PurchaseStep::status).containsExactly(0); // no log in, no log out
    }

    @Test
    void anOrderWithoutAnswerWithinTheTimeoutIsATimeoutAndStillLogsOut() throws Exception {
        pizza.setThrottleDelay(Duration.ofSeconds(6));
        pizza.startChaos("throttle");

        PurchaseVerdict verdict = purchase(Map.of("verification.timeout", "2s"));

        assertThat(verdict.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(verdict.detail()).contains("POST /api/order got no answer within 2.0 s");
        assertThat(calls(verdict)).containsExactly("PUT /api/auth", "GET /api/order/menu", "GET /api/franchise",
                "POST /api/order", "DELETE /api/auth");
        assertThat(verdict.steps().get(3).status()).isZero();
        assertThat(verdict.steps().get(3).latencyMillis()).isBetween(1_900L, 5_000L);
        assertThat(verdict.steps().get(4).status()).isEqualTo(200);
    }

    /** Without chaos a slow order has no link: then slowness is the reason. */
    @Test
    void anOrderAtOrOverTheLatencyLimitIsTooSlow() throws Exception {
        PurchaseVerdict verdict = purchase(Map.of("verification.max-latency", "1ms"));

        assertThat(verdict.reason()).isEqualTo(Reason.ORDER_TOO_SLOW);
        assertThat(verdict.detail()).contains("verification.max-latency is 1 ms");
        assertThat(calls(verdict)).containsExactly("PUT /api/auth", "GET /api/order/menu", "GET /api/franchise",
                "POST /api/order", "DELETE /api/auth");
    }

    @Test
    void whenVerificationIsOffNothingIsBought() throws Exception {
        PurchaseVerdict verdict = purchase(Map.of("verification.enabled", "false",
                "verification.diner-password", ""));

        assertThat(verdict.reason()).isEqualTo(Reason.DISABLED);
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.steps()).isEmpty();
        assertThat(pizza.serviceRequests()).isEmpty();
    }

    /** A port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
