package dev.logremediation.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logremediation.sandbox.SandboxPizzaClient.Reply;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pizza service without chaos: the verification purchase and the ways a shop can be broken or not set up. */
class SandboxPizzaServiceTest {

    private SandboxPizza pizza;
    private SandboxPizzaClient client;

    @BeforeEach
    void start() {
        pizza = SandboxPizza.start(null);
        client = new SandboxPizzaClient(pizza);
    }

    @AfterEach
    void stop() {
        pizza.close();
    }

    @Test
    void theWholePurchaseWorks() {
        Reply login = client.service("PUT", "/api/auth", null, SandboxPizzaClient.DINER);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("user").path("email").textValue()).isEqualTo("d@jwt.com");
        assertThat(login.json().path("user").path("roles").get(0).path("role").textValue()).isEqualTo("diner");
        String token = login.json().path("token").textValue();
        assertThat(token).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        Reply menu = client.service("GET", "/api/order/menu", null, null);
        assertThat(menu.status()).isEqualTo(200);
        assertThat(menu.json().get(0).path("title").textValue()).isEqualTo("Veggie");
        assertThat(menu.json().get(0).path("price").doubleValue()).isEqualTo(0.0038);

        Reply stores = client.service("GET", "/api/franchise?page=0&limit=10&name=*", null, null);
        assertThat(stores.status()).isEqualTo(200);
        assertThat(stores.json().path("more").booleanValue()).isFalse();
        assertThat(stores.json().path("franchises").get(0).path("stores").get(0).path("name").textValue()).isEqualTo("SLC");

        Reply order = client.orderOneVeggie(token);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().fieldNames()).toIterable().containsExactly("order", "jwt");
        long orderId = order.json().path("order").path("id").longValue();
        assertThat(orderId).isPositive();
        assertThat(order.json().path("order").path("items").get(0).path("description").textValue()).isEqualTo("Veggie");
        assertThat(order.json().toString()).doesNotContain("/api/support/");

        Reply verified = client.verify(order.json().path("jwt").textValue());
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.message()).isEqualTo("valid");
        JsonNode payload = verified.json().path("payload");
        assertThat(payload.path("order").path("id").longValue()).isEqualTo(orderId);
        assertThat(payload.path("diner").path("email").textValue()).isEqualTo("d@jwt.com");
        assertThat(payload.path("vendor").isObject()).isTrue();

        Reply logout = client.service("DELETE", "/api/auth", token, null);
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.message()).isEqualTo("logout successful");
        assertThat(client.service("DELETE", "/api/auth", token, null).status()).isEqualTo(401);
        assertThat(client.orderOneVeggie(token).status()).isEqualTo(401);
    }

    @Test
    void olderServicesAnswerStoresAsABareArray() {
        pizza.setLegacyFranchiseShape(true);

        Reply stores = client.service("GET", "/api/franchise", null, null);

        assertThat(stores.status()).isEqualTo(200);
        assertThat(stores.json().isArray()).isTrue();
        assertThat(stores.json().get(0).path("name").textValue()).isEqualTo("pizzaPocket");
        assertThat(stores.json().get(0).path("stores").get(0).path("id").intValue()).isEqualTo(1);
    }

    @Test
    void aFreshShopHasNoMenuAndNoStores() {
        pizza.setMenuEmpty(true);
        pizza.setStoresEmpty(true);

        assertThat(client.service("GET", "/api/order/menu", null, null).json().toString()).isEqualTo("[]");
        assertThat(client.service("GET", "/api/franchise", null, null).json().toString())
                .isEqualTo("{\"franchises\":[],\"more\":false}");
        pizza.setLegacyFranchiseShape(true);
        assertThat(client.service("GET", "/api/franchise", null, null).json().toString()).isEqualTo("[]");
    }

    @Test
    void aWrongPasswordOrUnknownEmailIsAnUnknownUser() {
        Reply wrongPassword = client.service("PUT", "/api/auth", null, "{\"email\":\"d@jwt.com\",\"password\":\"nope\"}");
        Reply unknownEmail = client.service("PUT", "/api/auth", null, "{\"email\":\"x@jwt.com\",\"password\":\"diner\"}");

        for (Reply reply : new Reply[] {wrongPassword, unknownEmail}) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.message()).isEqualTo("unknown user");
            assertThat(reply.json().path("stack").textValue()).isNotBlank();
            assertThat(reply.json().has("token")).isFalse();
        }
    }

    @Test
    void theDinerCanBeChanged() {
        pizza.setDiner("ops@example.com", "s3cret");

        assertThat(client.service("PUT", "/api/auth", null, SandboxPizzaClient.DINER).status()).isEqualTo(404);
        Reply login = client.service("PUT", "/api/auth", null, "{\"email\":\"ops@example.com\",\"password\":\"s3cret\"}");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("user").path("email").textValue()).isEqualTo("ops@example.com");
    }

    @Test
    void anOrderNeedsAValidToken() {
        Reply noToken = client.orderOneVeggie(null);
        Reply madeUp = client.orderOneVeggie("eyJhbGciOiJIUzI1NiJ9.e30.forged");

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().toString()).isEqualTo("{\"message\":\"unauthorized\"}");
        assertThat(madeUp.status()).isEqualTo(401);
        assertThat(pizza.factoryRequests()).isEmpty();
        assertThat(client.service("DELETE", "/api/auth", null, null).status()).isEqualTo(401);
    }

    @Test
    void unknownPathsAreUnknownEndpoints() {
        Reply reply = client.service("GET", "/api/docs.php", null, null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.message()).isEqualTo("unknown endpoint");
    }

    @Test
    void aDownDatabaseIsAConnectionRefusedOrUnauthorized() {
        String token = client.login();
        pizza.setServiceDown(true);

        for (Reply reply : new Reply[] {
                client.service("GET", "/api/order/menu", null, null),
                client.service("GET", "/api/franchise", null, null),
                client.service("PUT", "/api/auth", null, SandboxPizzaClient.DINER)}) {
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.message()).isEqualTo("connect ECONNREFUSED 127.0.0.1:3306");
            assertThat(reply.json().path("stack").textValue()).contains("ECONNREFUSED");
        }
        // the spec: the token check cannot reach the database, so a signed-in order is unauthorized
        assertThat(client.orderOneVeggie(token).status()).isEqualTo(401);
        assertThat(pizza.factoryRequests()).isEmpty();

        pizza.setServiceDown(false);
        assertThat(client.orderOneVeggie(token).status()).isEqualTo(200);
    }

    @Test
    void anUnreachableFactoryIsFetchFailed() {
        String token = client.login();
        pizza.setFactoryReachable(false);

        Reply order = client.orderOneVeggie(token);

        assertThat(order.status()).isEqualTo(500);
        assertThat(order.message()).isEqualTo("fetch failed");
        assertThat(order.json().path("stack").textValue()).contains("fetch failed");
        assertThat(pizza.factoryRequests()).isEmpty();

        pizza.setFactoryReachable(true);
        assertThat(client.orderOneVeggie(token).status()).isEqualTo(200);
    }

    @Test
    void theServiceCallsTheFactoryWithTheOperatorKeyAndTheOrder() {
        String token = client.login();

        long orderId = client.orderOneVeggie(token).json().path("order").path("id").longValue();

        assertThat(pizza.factoryRequests()).hasSize(1);
        SandboxPizza.RecordedRequest call = pizza.factoryRequests().get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/api/order");
        assertThat(call.header("Authorization")).isEqualTo("Bearer " + pizza.apiKey());
        assertThat(call.body()).contains("\"id\":" + orderId).contains("\"diner\"");
        assertThat(pizza.apiKey()).matches("[0-9a-f]{32}");
        assertThat(pizza.serviceRequests()).extracting(SandboxPizza.RecordedRequest::path)
                .containsExactly("/api/auth", "/api/order");
    }

    @Test
    void anOrderOfNoPizzaStallsThenFailsWithoutALink() {
        pizza.setThrottleDelay(java.time.Duration.ofMillis(500));
        String token = client.login();

        long start = System.nanoTime();
        Reply order = client.service("POST", "/api/order", token, "{\"franchiseId\":1,\"storeId\":1,\"items\":[]}");

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(500_000_000L);
        assertThat(order.status()).isEqualTo(500);
        assertThat(order.json().toString()).isEqualTo("{\"message\":\"Failed to fulfill order at factory\"}");
    }
}
