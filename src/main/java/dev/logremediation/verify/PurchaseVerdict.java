package dev.logremediation.verify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one verification purchase found: whether the shop sold a pizza the factory vouches for, and if not, why.
 * Holds no secret: the evidence is each call's method, path, status and latency, and the detail masks any chaos link.
 *
 * @param passed  true only when the reason is {@link Reason#PASSED}
 * @param reason  why it passed or failed
 * @param detail  one line for a person, naming the step and the answer that decided the verdict
 * @param steps   the calls made, in order; a call that got no answer has status 0
 * @param orderId the order id the shop gave, or null when it gave none
 * @param at      when the purchase started
 */
public record PurchaseVerdict(boolean passed, Reason reason, String detail, List<PurchaseStep> steps, Long orderId,
                              Instant at) implements java.io.Serializable {

    /** A detail from the shop or the factory is cut to one line of this many characters, secrets masked. */
    static final int MAX_DETAIL = 200;

    /** Why a purchase passed or failed. */
    public enum Reason {
        /** Ordered one pizza (200, a jwt, no chaos link, fast enough) and the factory verified it for that order. */
        PASSED,
        /** verification.enabled is false: nothing was bought. */
        DISABLED,
        /** The order answered 200 but carried a chaos link: chaos is still active (this wins over slow or dead). */
        CHAOS_LINK_IN_ANSWER,
        /** The order took verification.max-latency or longer, without a link (throttle chaos, most likely). */
        ORDER_TOO_SLOW,
        /** The pizza token starts with {@code dead}, without a link (badjwt chaos). */
        DEAD_TOKEN,
        /** The factory did not vouch for the pizza token: 403, a message other than valid, or another order id. */
        TOKEN_INVALID,
        /** The order answered other than 200, or 200 without a jwt; the detail says whether a chaos link came with it. */
        ORDER_FAILED,
        /** The shop cannot be reached, or log in, menu or stores answered 5xx or something that is not the shop's. */
        SHOP_DOWN,
        /** Log in answered 401 or 404 (unknown user or wrong password). */
        LOGIN_REFUSED,
        /** The menu is empty or no franchise has a store: a fresh shop, not chaos. */
        SHOP_NOT_SET_UP,
        /** The verification call could not reach the factory, or the factory answered 5xx. */
        FACTORY_UNREACHABLE,
        /** A call got no answer in time, or the purchase ran over verification.timeout. */
        TIMEOUT
    }

    public PurchaseVerdict {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
        steps = List.copyOf(steps);
        if (passed != (reason == Reason.PASSED)) {
            throw new IllegalArgumentException("passed is " + passed + " but the reason is " + reason);
        }
    }
}
