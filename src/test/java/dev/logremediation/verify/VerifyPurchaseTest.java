package dev.logremediation.verify;

import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.sandbox.SandboxPizza;
import dev.logremediation.sandbox.SandboxPizza.RecordedRequest;
import dev.logremediation.verify.PurchaseVerdict.Reason;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verify-purchase route of the running product against an in-process JWT Pizza shop and factory. */
class VerifyPurchaseTest {

    static final String PASSWORD = "s3cret-Diner-pw";
    static final List<String> SIX_CALLS = List.of("PUT /api/auth", "GET /api/order/menu", "GET /api/franchise",
            "POST /api/order", "POST /api/order/verify", "DELETE /api/auth");

    private static SandboxPizza pizza;
    private static RunningPipeline pipeline;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        pizza = SandboxPizza.start(null);
        pipeline = RunningPipeline.start(Map.of(
                "verification.enabled", "true",
                "verification.shop-url", pizza.serviceUrl(),
                "verification.factory-url", pizza.factoryUrl(),
                "verification.diner-password", PASSWORD,
                "verification.max-latency", "1s",
                "verification.timeout", "20s"));
        template = pipeline.context().createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            template.stop();
            pipeline.close();
        } finally {
            pizza.close();
        }
    }

    @BeforeEach
    void freshShop() {
        pizza.endChaos();
        pizza.setDiner("d@jwt.com", PASSWORD);
        pizza.setMenuEmpty(false);
        pizza.setStoresEmpty(false);
        pizza.setLegacyFranchiseShape(false);
        pizza.setServiceDown(false);
        pizza.setFactoryReachable(true);
        pizza.setThrottleDelay(Duration.ofSeconds(2));
        pizza.clearRequests();
    }

    private static PurchaseVerdict purchase() {
        return template.requestBody("direct:verify-purchase", null, PurchaseVerdict.class);
    }

    static List<String> calls(PurchaseVerdict verdict) {
        return verdict.steps().stream().map(step -> step.method() + " " + step.path()).toList();
    }

    static List<String> received(List<RecordedRequest> requests) {
        return requests.stream().map(request -> request.method() + " " + request.path()).toList();
    }

    @ParameterizedTest(name = "legacy franchise shape: {0}")
    @ValueSource(booleans = {false, true})
    void aWorkingShopPassesWithSixStepsOfEvidence(boolean legacyFranchiseShape) {
        pizza.setLegacyFranchiseShape(legacyFranchiseShape);
        Instant before = Instant.now();

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).as(verdict.detail()).isEqualTo(Reason.PASSED);
        assertThat(verdict.passed()).isTrue();
        assertThat(calls(verdict)).containsExactlyElementsOf(SIX_CALLS);
        assertThat(verdict.steps()).allSatisfy(step -> {
            assertThat(step.status()).isEqualTo(200);
            assertThat(step.latencyMillis()).isBetween(0L, 10_000L);
        });
        assertThat(verdict.orderId()).isPositive();
        assertThat(verdict.detail()).contains("order " + verdict.orderId()).doesNotContain("\n");
        assertThat(verdict.at()).isBetween(before, Instant.now());
        // the calls really happened, in that order, on the shop and at the factory
        assertThat(received(pizza.serviceRequests())).containsExactly("PUT /api/auth", "GET /api/order/menu",
                "GET /api/franchise", "POST /api/order", "DELETE /api/auth");
        assertThat(received(pizza.factoryRequests())).containsExactly("POST /api/order", "POST /api/order/verify");
        // exactly one pizza from the menu at the store the shop offers
        assertThat(pizza.serviceRequests().get(3).body())
                .isEqualTo("{\"franchiseId\":1,\"storeId\":1,\"items\":[{\"menuId\":1,\"description\":\"Veggie\",\"price\":0.0038}]}");
    }

    @Test
    void failChaosIsAFailedOrderWithItsLinkMaskedAndStillLogsOut() {
        String link = pizza.startChaos("fail");

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).isEqualTo(Reason.ORDER_FAILED);
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.detail()).contains("500 \"Failed to fulfill order at factory\"", "with a chaos link",
                "/report/" + fixCode(link)).doesNotContain(pizza.apiKey());
        assertThat(calls(verdict)).containsExactly("PUT /api/auth", "GET /api/order/menu", "GET /api/franchise",
                "POST /api/order", "DELETE /api/auth");
        assertThat(verdict.steps()).extracting(PurchaseStep::status).containsExactly(200, 200, 200, 500, 200);
        assertThat(received(pizza.factoryRequests())).doesNotContain("POST /api/order/verify");
        assertThat(received(pizza.serviceRequests())).endsWith("DELETE /api/auth");
    }

    @Test
    void anOrderFailingWithoutALinkSaysSoAndGivesTheMessage() {
        pizza.setFactoryReachable(false); // the service cannot reach the factory: 500 fetch failed

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).isEqualTo(Reason.ORDER_FAILED);
        assertThat(verdict.detail()).contains("500 \"fetch failed\"", "without a chaos link");
        assertThat(calls(verdict)).endsWith("POST /api/order", "DELETE /api/auth");
    }

    /** A 200 that carries a link: the link wins over slowness (and the detail still says it was slow). */
    @Test
    void throttleChaosIsALinkInTheAnswerUntilTheLinkIsFollowed() throws Exception {
        String link = pizza.startChaos("throttle"); // 2 s, over verification.max-latency 1s

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).isEqualTo(Reason.CHAOS_LINK_IN_ANSWER);
        assertThat(verdict.detail()).contains("chaos is still active", "it took", "verification.max-latency is 1.0 s",
                "/report/" + fixCode(link)).doesNotContain(pizza.apiKey());
        assertThat(verdict.orderId()).isPositive();
        assertThat(verdict.steps().get(3).latencyMillis()).isGreaterThanOrEqualTo(2000);
        assertThat(calls(verdict)).doesNotContain("POST /api/order/verify").endsWith("DELETE /api/auth");

        assertThat(follow(link)).isEqualTo(200);
        pizza.clearRequests();

        PurchaseVerdict after = purchase();
        assertThat(after.reason()).as(after.detail()).isEqualTo(Reason.PASSED);
        assertThat(calls(after)).containsExactlyElementsOf(SIX_CALLS);
    }

    /** The dead token comes with a link: the link wins, the detail names the dead token. */
    @Test
    void badJwtChaosIsALinkInTheAnswerUntilTheLinkIsFollowed() throws Exception {
        String link = pizza.startChaos("badjwt");

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).isEqualTo(Reason.CHAOS_LINK_IN_ANSWER);
        assertThat(verdict.detail()).contains("its pizza token is dead").doesNotContain(SandboxPizza.DEAD_JWT);
        assertThat(verdict.toString()).doesNotContain(SandboxPizza.DEAD_JWT, pizza.apiKey());
        assertThat(received(pizza.factoryRequests())).doesNotContain("POST /api/order/verify");

        assertThat(follow(link)).isEqualTo(200);

        assertThat(purchase().reason()).isEqualTo(Reason.PASSED);
    }

    @Test
    void aWrongPasswordIsALoginRefusedAndNothingElseIsCalled() {
        pizza.setDiner("d@jwt.com", "another password");

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).isEqualTo(Reason.LOGIN_REFUSED);
        assertThat(verdict.detail()).contains("d@jwt.com", "404 \"unknown user\"").doesNotContain("stack", PASSWORD);
        assertThat(verdict.steps()).containsExactly(new PurchaseStep("PUT", "/api/auth", 404,
                verdict.steps().get(0).latencyMillis()));
        assertThat(received(pizza.serviceRequests())).containsExactly("PUT /api/auth");
    }

    @Test
    void anEmptyMenuIsAShopNotSetUpNotChaos() {
        pizza.setMenuEmpty(true);

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).isEqualTo(Reason.SHOP_NOT_SET_UP);
        assertThat(verdict.detail()).contains("menu is empty", "not chaos");
        assertThat(calls(verdict)).containsExactly("PUT /api/auth", "GET /api/order/menu", "DELETE /api/auth");
        assertThat(received(pizza.serviceRequests())).doesNotContain("POST /api/order");
    }

    @ParameterizedTest(name = "legacy franchise shape: {0}")
    @ValueSource(booleans = {false, true})
    void noStoreIsAShopNotSetUp(boolean legacyFranchiseShape) {
        pizza.setLegacyFranchiseShape(legacyFranchiseShape);
        pizza.setStoresEmpty(true);

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).isEqualTo(Reason.SHOP_NOT_SET_UP);
        assertThat(verdict.detail()).contains("no franchise has a store");
        assertThat(calls(verdict)).containsExactly("PUT /api/auth", "GET /api/order/menu", "GET /api/franchise",
                "DELETE /api/auth");
    }

    @Test
    void aShopWhoseDatabaseIsDownIsShopDown() {
        pizza.setServiceDown(true);

        PurchaseVerdict verdict = purchase();

        assertThat(verdict.reason()).isEqualTo(Reason.SHOP_DOWN);
        assertThat(verdict.detail()).contains("500 \"connect ECONNREFUSED 127.0.0.1:3306\"");
        assertThat(calls(verdict)).containsExactly("PUT /api/auth"); // never logged in: no log out
        assertThat(verdict.steps().get(0).status()).isEqualTo(500);
    }

    @Test
    void noPasswordTokenOrPizzaTokenInTheEvidenceOrOnTheExchange() {
        Exchange exchange = template.request("direct:verify-purchase",
                e -> e.getIn().setHeader("Authorization", "Bearer caller-secret"));
        PurchaseVerdict verdict = exchange.getMessage().getBody(PurchaseVerdict.class);
        assertThat(verdict.reason()).as(verdict.detail()).isEqualTo(Reason.PASSED);

        List<RecordedRequest> shop = pizza.serviceRequests();
        String loginToken = shop.get(3).header("authorization").substring("Bearer ".length());
        String pizzaJwt = pizza.factoryRequests().get(1).body().replaceAll(".*\"jwt\":\"([^\"]+)\".*", "$1");
        assertThat(loginToken).hasSizeGreaterThan(20);
        assertThat(pizzaJwt).hasSizeGreaterThan(20).doesNotContain("{");

        for (String secret : List.of(PASSWORD, loginToken, pizzaJwt, "caller-secret")) {
            assertThat(verdict.toString()).doesNotContain(secret);
            assertThat(verdict.detail()).doesNotContain(secret);
            verdict.steps().forEach(step -> assertThat(step.toString()).doesNotContain(secret));
            exchange.getMessage().getHeaders().values()
                    .forEach(value -> assertThat(String.valueOf(value)).doesNotContain(secret));
        }
        assertThat(exchange.getProperty(PurchaseSteps.RUN)).isNull();
        // every call starts without headers: the token goes only where it is needed, the caller's nowhere
        assertThat(shop.get(0).header("authorization")).isNull();
        assertThat(shop.get(1).header("authorization")).isNull();
        assertThat(shop.get(2).header("authorization")).isNull();
        assertThat(shop.get(4).header("authorization")).isEqualTo("Bearer " + loginToken);
        assertThat(pizza.factoryRequests().get(1).header("authorization")).isNull();
        assertThat(shop.get(1).body()).isEmpty();
        assertThat(shop.get(0).body()).contains(PASSWORD); // the password goes to log in, and only there
        assertThat(shop.subList(1, shop.size())).allSatisfy(r -> assertThat(r.body()).doesNotContain(PASSWORD));
    }

    static String fixCode(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    /** GET the link, as whoever ends the chaos; returns the status. */
    static int follow(String link) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(link)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("Problem resolved");
        return response.statusCode();
    }
}
