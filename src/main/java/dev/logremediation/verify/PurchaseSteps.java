package dev.logremediation.verify;

import dev.logremediation.text.Text;
import dev.logremediation.detect.SecretMasker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logremediation.detect.ResolutionLinkExtractor;
import dev.logremediation.verify.PurchaseVerdict.Reason;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * The steps of one verification purchase, called in turn by the verify-purchase route: each {@code ask...} shapes a
 * call (the route dropped every header just before), each {@code read...} keeps the call as evidence and judges the
 * answer. A step that decides the verdict throws {@link PurchaseStopped}, so the route skips the rest and logs out.
 */
public final class PurchaseSteps {

    /** Exchange property holding the {@link PurchaseRun} in progress. */
    public static final String RUN = "purchase";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VerificationSettings settings;
    private final ResolutionLinkExtractor links;
    private final Clock clock;

    public PurchaseSteps(VerificationSettings settings, ResolutionLinkExtractor links, Clock clock) {
        this.settings = settings;
        this.links = links;
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        PurchaseRun run = new PurchaseRun(clock.instant());
        exchange.setProperty(RUN, run);
        if (!settings.enabled()) {
            throw run.stop(Reason.DISABLED, "verification.enabled is false: no purchase was made");
        }
    }

    // ---- log in ----

    public void askLogin(Exchange exchange) {
        ObjectNode credentials = JSON.createObjectNode().put("email", settings.dinerEmail())
                .put("password", settings.dinerPassword());
        ask(exchange, PurchaseCall.LOGIN, credentials);
    }

    public void readLogin(Exchange exchange) {
        PurchaseRun run = run(exchange);
        ShopAnswer answer = read(exchange, run);
        String token = answer.json().path("token").textValue();
        if (answer.status() == 200 && token != null && !token.isBlank()) {
            run.loggedIn(token);
        } else if (answer.status() == 401 || answer.status() == 404) {
            throw run.stop(Reason.LOGIN_REFUSED, "the shop refused to log in " + settings.dinerEmail() + ": "
                    + answer.summary());
        } else {
            throw run.stop(Reason.SHOP_DOWN, "log in answered " + answer.summary()
                    + (answer.status() == 200 ? " without a token" : ""));
        }
    }

    // ---- menu ----

    public void askMenu(Exchange exchange) {
        ask(exchange, PurchaseCall.MENU, null);
    }

    public void readMenu(Exchange exchange) {
        PurchaseRun run = run(exchange);
        ShopAnswer answer = read(exchange, run);
        if (answer.status() != 200 || !answer.json().isArray()) {
            throw run.stop(Reason.SHOP_DOWN, "the menu answered " + answer.summary()
                    + (answer.status() == 200 ? ", which is not a menu" : ""));
        }
        for (JsonNode item : answer.json()) {
            if (item.path("id").isIntegralNumber()) {
                run.pick(item);
                return;
            }
        }
        throw run.stop(Reason.SHOP_NOT_SET_UP, "the menu is empty: the shop is not set up yet (this is not chaos)");
    }

    // ---- stores ----

    public void askStores(Exchange exchange) {
        ask(exchange, PurchaseCall.STORES, null);
    }

    /** Takes both shapes: a bare array of franchises (older services) or {@code {"franchises":[...],"more":...}}. */
    public void readStores(Exchange exchange) {
        PurchaseRun run = run(exchange);
        ShopAnswer answer = read(exchange, run);
        JsonNode franchises = answer.json().isArray() ? answer.json() : answer.json().path("franchises");
        if (answer.status() != 200 || !franchises.isArray()) {
            throw run.stop(Reason.SHOP_DOWN, "the franchise list answered " + answer.summary()
                    + (answer.status() == 200 ? ", which is not a franchise list" : ""));
        }
        for (JsonNode franchise : franchises) {
            for (JsonNode store : franchise.path("stores")) {
                if (franchise.path("id").isIntegralNumber() && store.path("id").isIntegralNumber()) {
                    run.pick(franchise.path("id").asLong(), store.path("id").asLong());
                    return;
                }
            }
        }
        throw run.stop(Reason.SHOP_NOT_SET_UP, "no franchise has a store: the shop is not set up yet (this is not chaos)");
    }

    // ---- order ----

    /** One pizza: the factory stalls, then fails without a link, on 0 or more than 20 items. */
    public void askOrder(Exchange exchange) {
        PurchaseRun run = run(exchange);
        JsonNode picked = run.menuItem();
        ObjectNode order = JSON.createObjectNode().put("franchiseId", run.franchiseId()).put("storeId", run.storeId());
        ObjectNode item = order.putArray("items").addObject().put("menuId", picked.path("id").asLong())
                .put("description", picked.path("title").asText(""));
        item.set("price", picked.path("price").isNumber() ? picked.get("price") : JSON.getNodeFactory().numberNode(0));
        ask(exchange, PurchaseCall.ORDER, order);
        exchange.getIn().setHeader("Authorization", "Bearer " + run.loginToken());
    }

    public void readOrder(Exchange exchange) {
        PurchaseRun run = run(exchange);
        ShopAnswer answer = read(exchange, run);
        JsonNode id = answer.json().path("order").path("id");
        if (answer.status() == 200 && id.isIntegralNumber()) {
            run.orderId(id.asLong());
        }
        Duration latency = run.lastLatency();
        OrderCheck.Finding finding = OrderCheck.check(answer, links.extract(answer.text()), latency,
                settings.maxLatency());
        if (finding != null) {
            throw run.stop(finding.reason(), finding.detail());
        }
        if (run.orderId() == null) {
            throw run.stop(Reason.ORDER_FAILED, "the order answered 200 without an order id");
        }
        run.pizza(answer.json().path("jwt").textValue(), latency);
    }

    // ---- verification at the factory ----

    public void askVerification(Exchange exchange) {
        ask(exchange, PurchaseCall.VERIFY, JSON.createObjectNode().put("jwt", run(exchange).pizzaJwt()));
    }

    public void readVerification(Exchange exchange) {
        PurchaseRun run = run(exchange);
        ShopAnswer answer = read(exchange, run);
        if (answer.status() >= 500) {
            throw run.stop(Reason.FACTORY_UNREACHABLE, "the factory answered " + answer.summary()
                    + " to the verification of order " + run.orderId());
        }
        if (answer.status() != 200 || !"valid".equals(answer.json().path("message").textValue())) {
            throw run.stop(Reason.TOKEN_INVALID, "the factory did not vouch for the pizza of order " + run.orderId()
                    + ": " + answer.summary());
        }
        JsonNode verified = answer.json().path("payload").path("order").path("id");
        if (!verified.isIntegralNumber() || verified.asLong() != run.orderId()) {
            throw run.stop(Reason.TOKEN_INVALID, "the pizza token is valid but for order "
                    + (verified.isMissingNode() ? "(none)" : Text.oneLine(SecretMasker.mask(verified.asText()),
                            PurchaseVerdict.MAX_DETAIL))
                    + ", not order " + run.orderId());
        }
        Duration elapsed = run.elapsed();
        if (elapsed.compareTo(settings.timeout()) >= 0) {
            throw run.stop(Reason.TIMEOUT, "the purchase took " + Text.latency(elapsed)
                    + ", over verification.timeout " + Text.latency(settings.timeout()));
        }
        run.decide(Reason.PASSED, "order " + run.orderId() + " was sold and verified in "
                + Text.latency(elapsed) + " (the order took " + Text.latency(run.orderLatency()) + ")");
    }

    // ---- log out ----

    public void askLogout(Exchange exchange) {
        ask(exchange, PurchaseCall.LOGOUT, null);
        exchange.getIn().setHeader("Authorization", "Bearer " + run(exchange).loginToken());
    }

    /** Logging out is clean-up: its answer is evidence, and a failure is noted, but it never changes the verdict. */
    public void readLogout(Exchange exchange) {
        PurchaseRun run = run(exchange);
        ShopAnswer answer = read(exchange, run);
        if (answer.status() != 200) {
            run.logoutTrouble("log out answered " + answer.summary());
        }
    }

    // ---- no answer, and the verdict ----

    /** The call in progress got no answer (refused, reset, timed out): the evidence says status 0. */
    public void unanswered(Exchange exchange) {
        PurchaseRun run = run(exchange);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getIn().setBody(null);
        if (run.callInProgress() == null) { // not a call's failure; should not happen
            run.decide(Reason.SHOP_DOWN, "the purchase failed: " + describe(caught));
            return;
        }
        PurchaseCall call = run.endCall(0);
        String why = describe(caught);
        if (call == PurchaseCall.LOGOUT) {
            run.logoutTrouble("log out got no answer: " + why);
        } else if (cause(caught) instanceof SocketTimeoutException) {
            run.decide(Reason.TIMEOUT, call + " got no answer within " + Text.latency(settings.timeout())
                    + " (verification.timeout)");
        } else if (call == PurchaseCall.VERIFY) {
            run.decide(Reason.FACTORY_UNREACHABLE, "the factory at " + settings.factoryUrl()
                    + " cannot be reached to verify the pizza: " + why);
        } else {
            run.decide(Reason.SHOP_DOWN, "the shop at " + settings.shopUrl() + " cannot be reached (" + call + "): "
                    + why);
        }
    }

    public PurchaseVerdict verdict(Exchange exchange) {
        return run(exchange).verdict();
    }

    // ---- helpers ----

    /** Shapes a call on a message without headers; the purchase must still be within verification.timeout. */
    private void ask(Exchange exchange, PurchaseCall call, JsonNode body) {
        PurchaseRun run = run(exchange);
        Duration elapsed = run.elapsed();
        if (call != PurchaseCall.LOGOUT && elapsed.compareTo(settings.timeout()) >= 0) {
            throw run.stop(Reason.TIMEOUT, "the purchase ran out of time before " + call + ": "
                    + Text.latency(elapsed) + " is over verification.timeout "
                    + Text.latency(settings.timeout()));
        }
        Message in = exchange.getIn();
        if (body == null) {
            in.setBody(null);
        } else {
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setBody(body.toString());
        }
        run.startCall(call);
    }

    /** Keeps the call as evidence and takes its answer off the message, so no token stays on the exchange. */
    private static ShopAnswer read(Exchange exchange, PurchaseRun run) {
        Message in = exchange.getIn();
        ShopAnswer answer = ShopAnswer.of(in.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class),
                in.getBody(String.class));
        in.setBody(null);
        run.endCall(answer.status());
        return answer;
    }

    private static PurchaseRun run(Exchange exchange) {
        return exchange.getProperty(RUN, PurchaseRun.class);
    }

    /** The I/O failure inside the caught exception, else the exception itself. */
    private static Throwable cause(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return caught;
    }

    private static String describe(Throwable caught) {
        Throwable cause = cause(caught);
        return cause == null ? "no answer" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
