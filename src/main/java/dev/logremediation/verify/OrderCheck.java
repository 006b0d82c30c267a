package dev.logremediation.verify;

import dev.logremediation.text.Text;
import dev.logremediation.detect.SecretMasker;
import dev.logremediation.verify.PurchaseVerdict.Reason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the order's answer. Only a 200 with a jwt, no chaos link anywhere, a token that is not {@code dead...} and
 * a latency under verification.max-latency proves the shop sells pizzas again. When several symptoms show, the chaos
 * link wins (it is what on-call can act on) and the detail names the others.
 */
final class OrderCheck {

    /** Why the order does not prove the shop works. */
    record Finding(Reason reason, String detail) {
    }

    private OrderCheck() {
    }

    /**
     * @param links the chaos links found anywhere in the answer's text (by URL shape)
     * @return null when the order is a good pizza
     */
    static Finding check(ShopAnswer answer, List<String> links, Duration latency, Duration maxLatency) {
        String link = links.isEmpty() ? null : SecretMasker.mask(links.get(0));
        if (answer.status() != 200) {
            return new Finding(Reason.ORDER_FAILED, "the order failed with " + answer.summary()
                    + (link == null ? ", without a chaos link" : ", with a chaos link (" + link + ")"));
        }
        String jwt = answer.json().path("jwt").textValue();
        boolean pizza = jwt != null && !jwt.isBlank();
        boolean dead = pizza && jwt.startsWith("dead");
        boolean slow = latency.compareTo(maxLatency) >= 0;
        String took = "it took " + Text.latency(latency) + " (verification.max-latency is "
                + Text.latency(maxLatency) + ")";
        if (link != null) {
            List<String> symptoms = new ArrayList<>();
            if (!pizza) {
                symptoms.add("it has no jwt");
            }
            if (dead) {
                symptoms.add("its pizza token is dead");
            }
            if (slow) {
                symptoms.add(took);
            }
            return new Finding(Reason.CHAOS_LINK_IN_ANSWER, "the order answered 200 with a chaos link (" + link
                    + "): chaos is still active" + (symptoms.isEmpty() ? "" : "; " + String.join(", ", symptoms)));
        }
        if (!pizza) {
            return new Finding(Reason.ORDER_FAILED, "the order answered 200 without a jwt");
        }
        if (dead) {
            return new Finding(Reason.DEAD_TOKEN, "the order's pizza token starts with \"dead\": chaos is still active"
                    + (slow ? "; " + took : ""));
        }
        if (slow) {
            return new Finding(Reason.ORDER_TOO_SLOW, "the order was too slow: " + took);
        }
        return null;
    }
}
