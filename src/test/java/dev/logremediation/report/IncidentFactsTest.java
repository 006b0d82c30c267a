package dev.logremediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IncidentFactsTest {

    @Test
    void endpointIsMethodAndPathForRequestsElseTheLineType() {
        assertThat(IncidentFacts.endpointOf("POST /api/order 500 Failed to fulfill order at factory"))
                .isEqualTo("POST /api/order");
        assertThat(IncidentFacts.endpointOf("GET /api/order/{id} 500 boom")).isEqualTo("GET /api/order/{id}");
        assertThat(IncidentFacts.endpointOf("factory-request 500 chaos monkey")).isEqualTo("factory-request");
        assertThat(IncidentFacts.endpointOf("(other signatures)")).isEqualTo("(other signatures)");
    }

    @Test
    void upstreamMessageIsWhatFollowsTheRequestOrTypeAndStatus() {
        assertThat(IncidentFacts.messageOf("POST /api/order 500 Failed to fulfill order at factory"))
                .isEqualTo("Failed to fulfill order at factory");
        assertThat(IncidentFacts.messageOf("factory-request 500 chaos monkey")).isEqualTo("chaos monkey");
        assertThat(IncidentFacts.messageOf("unhandledError connect ECONNREFUSED 127.0.0.1:3306"))
                .isEqualTo("connect ECONNREFUSED 127.0.0.1:3306");
        assertThat(IncidentFacts.messageOf("500 fetch failed")).isEqualTo("fetch failed");
        assertThat(IncidentFacts.messageOf("GET /api/order/menu 500")).isEmpty();
        assertThat(IncidentFacts.messageOf("(other signatures)")).isEmpty();
    }

    @Test
    void reportTextIsMaskedSingleLineAndBounded() {
        assertThat(ReportText.clean("a\r\nb\u202Ec\u0000d")).isEqualTo("a bc d");
        assertThat(ReportText.clean("see https://h/api/support/" + ReportFixtures.API_KEY + "/report/x"))
                .isEqualTo("see https://h/api/support/0123****/report/x");
        assertThat(ReportText.clean("y".repeat(10_000))).hasSize(ReportText.MAX_CHARS).endsWith("…");
        assertThat(ReportText.clean(null)).isEmpty();
    }
}
