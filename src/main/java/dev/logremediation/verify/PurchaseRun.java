package dev.logremediation.verify;

import dev.logremediation.text.Text;
import dev.logremediation.detect.SecretMasker;
import com.fasterxml.jackson.databind.JsonNode;
import dev.logremediation.verify.PurchaseVerdict.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One verification purchase in progress, kept in the exchange property {@value PurchaseSteps#RUN}: the evidence so
 * far, what was picked, and the verdict once known. Holds the login token and the pizza token, but never shows them:
 * {@link #toString()} names only the calls made.
 */
public final class PurchaseRun {

    private final Instant at;
    private final long startNanos = System.nanoTime();
    private final List<PurchaseStep> steps = new ArrayList<>();

    private PurchaseCall call;
    private long callStartNanos;
    private Duration lastLatency = Duration.ZERO;

    private String loginToken;
    private JsonNode menuItem;
    private long franchiseId;
    private long storeId;
    private Long orderId;
    private Duration orderLatency;
    private String pizzaJwt;

    private Reason reason;
    private String detail;
    private String logoutTrouble;

    PurchaseRun(Instant at) {
        this.at = at;
    }

    /** True once log in gave a token: the purchase then logs out, whatever happens next. */
    public boolean loggedIn() {
        return loginToken != null;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    void startCall(PurchaseCall next) {
        call = next;
        callStartNanos = System.nanoTime();
    }

    /** Records the call in progress as a step; status 0 when it got no answer. */
    PurchaseCall endCall(int status) {
        lastLatency = Duration.ofNanos(System.nanoTime() - callStartNanos);
        steps.add(new PurchaseStep(call.method, call.path, status, lastLatency.toMillis()));
        PurchaseCall ended = call;
        call = null;
        return ended;
    }

    PurchaseCall callInProgress() {
        return call;
    }

    Duration lastLatency() {
        return lastLatency;
    }

    void loggedIn(String token) {
        loginToken = token;
    }

    String loginToken() {
        return loginToken;
    }

    void pick(JsonNode item) {
        menuItem = item;
    }

    JsonNode menuItem() {
        return menuItem;
    }

    void pick(long franchise, long store) {
        franchiseId = franchise;
        storeId = store;
    }

    long franchiseId() {
        return franchiseId;
    }

    long storeId() {
        return storeId;
    }

    void orderId(Long id) {
        orderId = id;
    }

    Long orderId() {
        return orderId;
    }

    void pizza(String jwt, Duration latency) {
        pizzaJwt = jwt;
        orderLatency = latency;
    }

    String pizzaJwt() {
        return pizzaJwt;
    }

    Duration orderLatency() {
        return orderLatency;
    }

    /** Settles the verdict (the first one stays) and returns the exception that ends the purchase early. */
    PurchaseStopped stop(Reason why, String text) {
        decide(why, text);
        return new PurchaseStopped(reason + ": " + detail);
    }

    /** Settles the verdict; the first one stays. */
    void decide(Reason why, String text) {
        if (reason == null) {
            reason = why;
            detail = Text.oneLine(SecretMasker.mask(text), PurchaseVerdict.MAX_DETAIL);
        }
    }

    void logoutTrouble(String text) {
        logoutTrouble = Text.oneLine(SecretMasker.mask(text), PurchaseVerdict.MAX_DETAIL);
    }

    PurchaseVerdict verdict() {
        if (reason == null) {
            throw new IllegalStateException("the purchase ended without a verdict after " + steps);
        }
        String line = logoutTrouble == null ? detail : detail + " (" + logoutTrouble + ")";
        return new PurchaseVerdict(reason == Reason.PASSED, reason, line, steps, orderId, at);
    }

    @Override
    public String toString() {
        return "PurchaseRun[at=" + at + ", steps=" + steps + ", reason=" + reason + "]";
    }
}
