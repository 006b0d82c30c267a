package dev.logremediation.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An in-process JWT Pizza shop for the demo and the tests: an operator's pizza <b>service</b> and the pizza
 * <b>factory</b>, two HTTP servers on 127.0.0.1, behaving as {@code shared/specs/jwt-pizza.md} says. The service
 * orders pizzas from the factory over real HTTP with the operator's api key, and (given a {@link SandboxLoki}) logs
 * every request there like a real operator, so factory chaos shows up in Loki with its link.
 *
 * <p>Service: {@code PUT/DELETE /api/auth}, {@code GET /api/order/menu}, {@code GET /api/franchise},
 * {@code POST /api/order}. Factory: {@code POST /api/order}, {@code POST /api/order/verify},
 * {@code GET /.well-known/jwks.json}, {@code GET /api/support/<apiKey>/report/<fixCode>}.
 */
public final class SandboxPizza implements AutoCloseable {

    /** How long {@code throttle} chaos (and an order of 0 or over 20 items) stalls the factory by default. */
    public static final Duration DEFAULT_THROTTLE_DELAY = Duration.ofSeconds(32);
    /** The token {@code badjwt} chaos hands out for every order. */
    public static final String DEAD_JWT = PizzaFactory.DEAD_JWT;

    /**
     * One request a server received.
     *
     * @param path    the raw path, without the query
     * @param query   the raw query, or null
     * @param headers header names lower-cased
     */
    public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                                  String body) {

        /** The first value of the header (any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final PizzaFactory factory;
    private final PizzaService service;

    private SandboxPizza(PizzaFactory factory, PizzaService service) {
        this.factory = factory;
        this.service = service;
    }

    /** Starts the factory and the service on free ports; the service logs into {@code lokiOrNull} when given. */
    public static SandboxPizza start(SandboxLoki lokiOrNull) {
        PizzaFactory factory = new PizzaFactory();
        try {
            return new SandboxPizza(factory, new PizzaService(lokiOrNull, factory.baseUrl(), factory.apiKey()));
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
    }

    /** For example {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String serviceUrl() {
        return service.baseUrl();
    }

    /** The factory's real base URL; chaos links start with it. */
    public String factoryUrl() {
        return factory.baseUrl();
    }

    /** The operator's secret factory api key (32 hex), which every chaos link contains. */
    public String apiKey() {
        return factory.apiKey();
    }

    @Override
    public void close() {
        service.close();
        factory.close();
    }

    // ---- the shop ----

    /** The one diner who can log in (default {@code d@jwt.com} / {@code diner}). */
    public void setDiner(String email, String password) {
        service.setDiner(email, password);
    }

    /** A freshly installed shop: the menu is {@code []}. */
    public void setMenuEmpty(boolean menuEmpty) {
        service.setMenuEmpty(menuEmpty);
    }

    /** Answer {@code GET /api/franchise} with a bare array (older services) instead of {@code {"franchises":...}}. */
    public void setLegacyFranchiseShape(boolean legacyFranchiseShape) {
        service.setLegacyFranchiseShape(legacyFranchiseShape);
    }

    /** A freshly installed shop: no franchise and so no store. */
    public void setStoresEmpty(boolean storesEmpty) {
        service.setStoresEmpty(storesEmpty);
    }

    /**
     * The shop's database is down: login, menu and stores answer {@code 500 connect ECONNREFUSED 127.0.0.1:3306};
     * order and logout answer {@code 401 unauthorized}, because the token check cannot reach the database.
     */
    public void setServiceDown(boolean serviceDown) {
        service.setDatabaseDown(serviceDown);
    }

    /** When false, the service calls a closed port instead of the factory, so orders fail with {@code fetch failed}. */
    public void setFactoryReachable(boolean reachable) {
        service.setFactoryUrl(reachable ? factory.baseUrl() : "http://127.0.0.1:" + closedPort());
    }

    // ---- chaos ----

    /**
     * Starts chaos of a kind ({@code fail}, {@code throttle}, {@code badjwt}), replacing any running chaos; links
     * handed out before answer 400 from now on.
     *
     * @return the link that ends it: {@code <factoryUrl>/api/support/<apiKey>/report/<fixCode>}
     */
    public String startChaos(String kind) {
        return factory.startChaos(kind);
    }

    /** Ends chaos without following a link. */
    public void endChaos() {
        factory.endChaos();
    }

    public boolean chaosActive() {
        return factory.chaosActive();
    }

    public void setThrottleDelay(Duration delay) {
        factory.setThrottleDelay(delay);
    }

    /**
     * The service handles its requests whose "METHOD path" starts with {@code route} (for example
     * {@code POST /api/order}: the order is placed) but holds the answers until {@link #releaseHeldAnswers()}: a
     * client stopped meanwhile never learns the outcome.
     */
    public void holdServiceAnswers(String route) {
        service.holdAnswers(route);
    }

    /** The same for the factory: for example {@code GET /api/support/}, which then ends the chaos but answers late. */
    public void holdFactoryAnswers(String route) {
        factory.holdAnswers(route);
    }

    public void releaseHeldAnswers() {
        service.releaseHeld();
        factory.releaseHeld();
    }

    // ---- recorded requests ----

    /** Every request the service received, oldest first. */
    public List<RecordedRequest> serviceRequests() {
        return service.requests();
    }

    /** Every request the factory received (orders, verifications, support links), oldest first. */
    public List<RecordedRequest> factoryRequests() {
        return factory.requests();
    }

    /** The requests that reached the factory's support link endpoint (any method), oldest first. */
    public List<RecordedRequest> supportRequests() {
        return factory.requests().stream().filter(request -> request.path().startsWith("/api/support/")).toList();
    }

    /** Forgets the recorded requests of both servers. */
    public void clearRequests() {
        service.clearRequests();
        factory.clearRequests();
    }

    /** A port nothing listens on: taken from the OS, then released. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
