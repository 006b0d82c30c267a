package dev.logremediation.pipeline;

import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Lines no logger should write still flow through without crashing anything or leaking into mail headers. */
class BadInputTest {

    private static final Map<String, String> ERROR = Map.of("component", "jwt-pizza-service", "level", "error");

    @Test
    void hostileLinesAreEscapedInTheEmailAndNeverBecomeHeaders() throws Exception {
        try (CapturedLog log = new CapturedLog(); RunningPipeline pipeline = RunningPipeline.start(Map.of())) {
            long ts = RunningPipeline.nowNanos() - 5_000_000_000L;
            List<String> lines = List.of(
                    "not json at all: upstream exploded",
                    "{\"statusCode\":500,",
                    "{\"path\":\"/api/order\",\"method\":\"POST\",\"statusCode\":500,\"resBody\":\"{\\\"message\\\":\\\"<script>alert(1)</script>\\r\\nBcc: victim@example.com\\\"}\"}",
                    "{\"statusCode\":500,\"message\":\"x\\r\\nSubject: injected\\r\\n\\r\\n<img src=x onerror=alert(1)>\"}",
                    "{\"statusCode\":500,\"message\":\"" + "A".repeat(1_000_000) + "\"}",
                    "\"a bare JSON string\"",
                    "");
            for (int i = 0; i < lines.size(); i++) {
                pipeline.loki.push(ERROR, ts + i, lines.get(i));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.emails().size() >= 1);
            MimeMessage firing = pipeline.emails().get(0);
            assertThat(firing.getSubject()).startsWith("[FIRING] jwt-pizza-service: ").doesNotContain("\r", "\n")
                    .hasSizeLessThanOrEqualTo(150);
            assertThat(firing.getHeader("Bcc")).isNull();
            assertThat(firing.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@demo.local");
            String html = SandboxMail.part(firing, "text/html");
            assertThat(html).doesNotContain("<script>", "<img src=x").contains("&lt;script&gt;");
            assertThat(SandboxMail.part(firing, "text/plain")).hasSizeLessThan(20_000);
            assertThat(log.lines("ERROR")).isEmpty();
            // the route keeps running
            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= queries + 2);
        }
    }
}
