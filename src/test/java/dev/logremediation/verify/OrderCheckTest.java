package dev.logremediation.verify;

import dev.logremediation.detect.ResolutionLinkExtractor;
import dev.logremediation.verify.OrderCheck.Finding;
import dev.logremediation.verify.PurchaseVerdict.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The order's answer, judged on its own: the cases the sandbox shop cannot produce (a symptom without a link). */
class OrderCheckTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String LINK = "https://pizza-factory.cs329.click/api/support/" + KEY + "/report/k3x9q2ab";
    private static final String GOOD_PIZZA = "{\"order\":{\"id\":278},\"jwt\":\"eyJhbGciOiJSUzI1NiJ9.eyJ9.c2ln\"}";
    private static final Duration FAST = Duration.ofMillis(40);
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static Finding check(int status, String body, Duration latency) {
        return OrderCheck.check(ShopAnswer.of(status, body), ResolutionLinkExtractor.defaults().extract(body), latency,
                LIMIT);
    }

    @Test
    void aFastPizzaWithoutLinkIsGood() {
        assertThat(check(200, GOOD_PIZZA, FAST)).isNull();
    }

    @Test
    void aDeadTokenWithoutLinkIsDeadToken() {
        Finding finding = check(200, "{\"order\":{\"id\":9},\"jwt\":\"dead.eyJjaGFvcyI6ImJhZGp3dCJ9.dead\"}", FAST);
        assertThat(finding.reason()).isEqualTo(Reason.DEAD_TOKEN);
        assertThat(finding.detail()).doesNotContain("dead.eyJ");
    }

    @Test
    void aSlowPizzaWithoutLinkIsTooSlowFromTheLimitOn() {
        assertThat(check(200, GOOD_PIZZA, LIMIT).reason()).isEqualTo(Reason.ORDER_TOO_SLOW);
        assertThat(check(200, GOOD_PIZZA, LIMIT.minusMillis(1))).isNull();
        assertThat(check(200, GOOD_PIZZA, Duration.ofSeconds(32)).detail()).contains("it took 32.0 s");
    }

    @Test
    void aLinkAnywhereInA200WinsOverSlowAndDeadAndIsMasked() {
        // any field name, even escaped inside a string: the link is found by its shape
        String body = "{\"order\":{\"id\":9},\"jwt\":\"dead.x.dead\",\"note\":\"{\\\"reportUrl\\\":\\\""
                + LINK.replace("/", "\\\\/") + "\\\"}\"}";
        Finding finding = check(200, body, Duration.ofSeconds(33));
        assertThat(finding.reason()).isEqualTo(Reason.CHAOS_LINK_IN_ANSWER);
        assertThat(finding.detail()).contains("its pizza token is dead", "it took 33.0 s", "/report/k3x9q2ab")
                .doesNotContain(KEY);
    }

    @Test
    void a500SaysWhetherALinkCameWithItAndGivesTheMessage() {
        Finding withLink = check(500, "{\"message\":\"Failed to fulfill order at factory\",\"followLinkToEndChaos\":\""
                + LINK + "\"}", FAST);
        assertThat(withLink.reason()).isEqualTo(Reason.ORDER_FAILED);
        assertThat(withLink.detail()).contains("500 \"Failed to fulfill order at factory\"", "with a chaos link")
                .doesNotContain(KEY);

        Finding without = check(500, "{\"message\":\"Failed to fulfill order at factory\"}", FAST);
        assertThat(without.reason()).isEqualTo(Reason.ORDER_FAILED);
        assertThat(without.detail()).contains("without a chaos link");
    }

    @Test
    void a200WithoutJwtIsAFailedOrder() {
        assertThat(check(200, "{\"order\":{\"id\":9}}", FAST).reason()).isEqualTo(Reason.ORDER_FAILED);
        assertThat(check(200, "<html>gateway</html>", FAST).reason()).isEqualTo(Reason.ORDER_FAILED);
    }
}
