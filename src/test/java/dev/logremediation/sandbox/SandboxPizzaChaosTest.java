package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.SandboxPizzaClient.LINK_SHAPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logremediation.sandbox.SandboxPizzaClient.Reply;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The factory: chaos kinds, the support link, pizza tokens. */
class SandboxPizzaChaosTest {

    private static final String RESOLVED = "Problem resolved. Pizza is back on the menu!";
    private static final String NO_CHAOS = "No chaos currently executing";

    private SandboxPizza pizza;
    private SandboxPizzaClient client;
    private String token;

    @BeforeEach
    void start() {
        pizza = SandboxPizza.start(null);
        client = new SandboxPizzaClient(pizza);
        token = client.login();
    }

    @AfterEach
    void stop() {
        pizza.close();
    }

    @Test
    void failChaosIsA500CarryingTheLink() {
        String link = pizza.startChaos("fail");

        Reply order = client.orderOneVeggie(token);

        assertThat(link).matches(LINK_SHAPE).startsWith(pizza.factoryUrl() + "/api/support/" + pizza.apiKey() + "/report/");
        assertThat(order.status()).isEqualTo(500);
        assertThat(order.message()).isEqualTo("Failed to fulfill order at factory");
        assertThat(order.json().path("followLinkToEndChaos").textValue()).isEqualTo(link);
        assertThat(order.json().has("stack")).isFalse();
        assertThat(pizza.chaosActive()).isTrue();
    }

    @Test
    void theFactoryItselfAnswersChaosMonkeyWithAReportUrl() {
        String link = pizza.startChaos("fail");

        Reply answer = client.factory("POST", "/api/order", pizza.apiKey(),
                "{\"diner\":{\"id\":3},\"order\":" + SandboxPizzaClient.ONE_VEGGIE + "}");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.message()).isEqualTo("chaos monkey");
        assertThat(answer.json().path("reportUrl").textValue()).isEqualTo(link);
    }

    @Test
    void failedOrdersStillUseUpOrderIds() {
        long first = client.orderOneVeggie(token).json().path("order").path("id").longValue();
        pizza.startChaos("fail");
        client.orderOneVeggie(token);
        pizza.endChaos();

        long third = client.orderOneVeggie(token).json().path("order").path("id").longValue();

        assertThat(third).isEqualTo(first + 2);
    }

    @Test
    void throttleChaosIsASlowValidPizzaWithTheLink() {
        pizza.setThrottleDelay(Duration.ofSeconds(1));
        String link = pizza.startChaos("throttle");

        long start = System.nanoTime();
        Reply order = client.orderOneVeggie(token);
        long tookNanos = System.nanoTime() - start;

        assertThat(tookNanos).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().path("reportSlowPizzaToFactoryUrl").textValue()).isEqualTo(link);
        Reply verified = client.verify(order.json().path("jwt").textValue());
        assertThat(verified.message()).isEqualTo("valid");
        assertThat(verified.json().path("payload").path("order").path("id").longValue())
                .isEqualTo(order.json().path("order").path("id").longValue());
    }

    @Test
    void badJwtChaosIsAFixedDeadTokenThatDoesNotVerify() {
        String link = pizza.startChaos("badjwt");

        Reply first = client.orderOneVeggie(token);
        Reply second = client.orderOneVeggie(token);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("jwt").textValue()).startsWith("dead").isEqualTo(SandboxPizza.DEAD_JWT);
        assertThat(second.json().path("jwt").textValue()).isEqualTo(first.json().path("jwt").textValue());
        assertThat(first.json().toString()).contains(link);
        Reply verified = client.verify(first.json().path("jwt").textValue());
        assertThat(verified.status()).isEqualTo(403);
        assertThat(verified.message()).isEqualTo("invalid");
    }

    @Test
    void followingTheLinkEndsChaosOnceThenSaysNoChaos() {
        String link = pizza.startChaos("fail");

        Reply first = client.get(link);
        Reply second = client.get(link);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.message()).isEqualTo(RESOLVED);
        assertThat(pizza.chaosActive()).isFalse();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.message()).isEqualTo(NO_CHAOS);
        Reply order = client.orderOneVeggie(token);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().fieldNames()).toIterable().containsExactly("order", "jwt");
    }

    @Test
    void reschedulingChaosMakesOlderLinksStale() {
        String old = pizza.startChaos("fail");
        String current = pizza.startChaos("badjwt");

        Reply stale = client.get(old);

        assertThat(current).isNotEqualTo(old);
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.message()).isEqualTo("Problem unresolved");
        assertThat(pizza.chaosActive()).isTrue();
        assertThat(client.get(current).message()).isEqualTo(RESOLVED);
        assertThat(pizza.chaosActive()).isFalse();
    }

    @Test
    void anUnknownKeyOrNoChaosAnswersNoChaos() {
        Reply never = client.get(pizza.factoryUrl() + "/api/support/" + pizza.apiKey() + "/report/abcd1234");
        String link = pizza.startChaos("fail");
        Reply unknownKey = client.get(link.replace(pizza.apiKey(), "0123456789abcdef0123456789abcdef"));

        assertThat(never.status()).isEqualTo(200);
        assertThat(never.message()).isEqualTo(NO_CHAOS);
        assertThat(unknownKey.status()).isEqualTo(200);
        assertThat(unknownKey.message()).isEqualTo(NO_CHAOS);
        assertThat(pizza.chaosActive()).isTrue();
    }

    @Test
    void supportRequestsRecordWhatReachedTheLink() {
        String link = pizza.startChaos("fail");
        client.orderOneVeggie(token);
        assertThat(pizza.supportRequests()).isEmpty();

        client.get(link);

        assertThat(pizza.supportRequests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(pizza.factoryUrl() + request.path()).isEqualTo(link);
            assertThat(request.header("cookie")).isNull();
            assertThat(request.header("authorization")).isNull();
            assertThat(request.body()).isEmpty();
        });
        pizza.clearRequests();
        assertThat(pizza.supportRequests()).isEmpty();
        assertThat(pizza.serviceRequests()).isEmpty();
    }

    @Test
    void theFactoryRefusesAnUnknownApiKey() {
        String order = "{\"diner\":{\"id\":3},\"order\":" + SandboxPizzaClient.ONE_VEGGIE + "}";

        Reply noKey = client.factory("POST", "/api/order", null, order);
        Reply wrongKey = client.factory("POST", "/api/order", "0123456789abcdef0123456789abcdef", order);

        for (Reply reply : new Reply[] {noKey, wrongKey}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.message()).isEqualTo("invalid authentication");
        }
    }

    @Test
    void pizzaTokensAreRs256SignedByTheKeyInTheJwks() throws Exception {
        Reply order = client.orderOneVeggie(token);
        String[] jwt = order.json().path("jwt").textValue().split("\\.");
        JsonNode key = client.factory("GET", "/.well-known/jwks.json", null, null).json().path("keys").get(0);

        Base64.Decoder base64 = Base64.getUrlDecoder();
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, base64.decode(key.path("n").textValue())),
                new BigInteger(1, base64.decode(key.path("e").textValue()))));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(publicKey);
        signature.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));

        assertThat(key.path("kty").textValue()).isEqualTo("RSA");
        assertThat(new String(base64.decode(jwt[0]), StandardCharsets.UTF_8)).contains("\"alg\":\"RS256\"");
        assertThat(signature.verify(base64.decode(jwt[2]))).isTrue();
    }

    @Test
    void anAlteredPizzaTokenIsInvalid() {
        String jwt = client.orderOneVeggie(token).json().path("jwt").textValue();
        String[] parts = jwt.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"order\":{\"id\":999}}".getBytes(StandardCharsets.UTF_8));

        assertThat(client.verify(jwt).status()).isEqualTo(200);
        assertThat(client.verify(parts[0] + "." + otherPayload + "." + parts[2]).status()).isEqualTo(403);
        assertThat(client.verify("not a token").status()).isEqualTo(403);
    }

    @Test
    void onlyKnownChaosKindsStart() {
        assertThatThrownBy(() -> pizza.startChaos("explode")).isInstanceOf(IllegalArgumentException.class);
        assertThat(pizza.chaosActive()).isFalse();
    }
}
