package dev.logremediation.remediate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which links may be followed; the refusal names why. */
class LinkPolicyTest {

    private static final String PATH = "/api/support/0123456789abcdef0123456789abcdef/report/k3x9q2ab";
    private final LinkPolicy policy = new LinkPolicy(List.of("pizza-factory.cs329.click", "*.internal.example",
            "127.0.0.1"), 2, FollowBudget.inMemory(Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC)));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://localhost" + PATH + "                              | not in remediation.allowed-hosts",
        "http://[::1]" + PATH + "                                  | not in remediation.allowed-hosts",
        "http://169.254.169.254" + PATH + "                        | not in remediation.allowed-hosts",
        "http://10.0.0.1" + PATH + "                               | not in remediation.allowed-hosts",
        "http://2130706433" + PATH + "                             | not in remediation.allowed-hosts",
        "http://0x7f000001" + PATH + "                             | not in remediation.allowed-hosts",
        "http://0177.0.0.1" + PATH + "                             | not in remediation.allowed-hosts",
        "https://pizza-factory.cs329.click@127.0.0.1" + PATH + "   | credentials",
        "https://user:pw@pizza-factory.cs329.click" + PATH + "     | credentials",
        "https://pizza-factory.cs329.click.evil.com" + PATH + "    | not in remediation.allowed-hosts",
        "https://pizza-factory-cs329.click" + PATH + "             | not in remediation.allowed-hosts",
        "https://xpizza-factory.cs329.click" + PATH + "            | not in remediation.allowed-hosts",
        "https://internal.example" + PATH + "                      | not in remediation.allowed-hosts",
        "ftp://pizza-factory.cs329.click" + PATH + "               | scheme ftp",
        "javascript:alert(1)                                       | scheme javascript",
        "file:///etc/passwd                                        | scheme file",
        "https://localhost.internal.example" + PATH + "            | does not resolve",
    })
    void refusedWithAReason(String link, String why) {
        LinkDecision decision = policy.decide(link.trim());
        assertThat(decision.allowed()).as(link).isFalse();
        assertThat(decision.reason()).contains(why.trim());
        assertThat(decision.toString()).doesNotContain("0123456789abcdef0123456789abcdef");
    }

    @Test
    void aSuffixMatchThatResolvesToAnInternalAddressIsRefused() {
        LinkPolicy suffixOnly = new LinkPolicy(List.of("*.0.0.1"), 5, FollowBudget.inMemory(Clock.systemUTC()));
        LinkDecision decision = suffixOnly.decide("http://127.0.0.1" + PATH);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("internal address 127.0.0.1");
    }

    @Test
    void anExactlyAllowListedHostIsAllowedEvenOnLoopbackAndTheBudgetCountsPerHost() {
        LinkDecision decision = policy.decide("http://127.0.0.1:4000" + PATH);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.masked()).doesNotContain("0123456789abcdef0123456789abcdef");

        assertThat(policy.spend(decision).allowed()).isTrue();
        assertThat(policy.spend(decision).allowed()).isTrue();
        LinkDecision third = policy.spend(decision);
        assertThat(third.allowed()).isFalse();
        assertThat(third.reason()).contains("remediation.max-per-hour (2) reached for host 127.0.0.1");
    }
}
