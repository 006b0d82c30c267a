package dev.logremediation.pipeline;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The team's own templates (notify.templates-dir) shape the FIRING email on-call receives over SMTP. */
class CustomTemplatesTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");

    private static void fire(RunningPipeline pipeline) {
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(7);
        long start = RunningPipeline.nowNanos() - 5_000_000_000L;
        for (int i = 0; i < 5; i++) {
            var entry = traffic.chaosErrorLine(start + i * 1_000_000_000L, LINK, JwtPizzaTraffic.ChaosShape.HTTP_RESPONSE);
            pipeline.loki.push(entry.labels(), entry.timestampNanos(), entry.line());
        }
    }

    @Test
    void aCustomFiringTemplateChangesTheEmailAndKeepsTheShippedParts(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("firing.subject.mustache"), "PAGE {{service}}: {{count}} errors\n");
        Files.writeString(templates.resolve("firing.text.mustache"),
                "{{service}} is failing. Runbook: https://wiki.example/pizza\n\n{{> incident.text}}\n");
        Files.writeString(templates.resolve("firing.html.mustache"), "{{> page-top.html}}\n<h1>{{service}} is failing"
                + "</h1>\n<p><a href=\"https://wiki.example/pizza\">Runbook</a></p>\n{{> incident.html}}\n"
                + "{{> page-bottom.html}}\n");
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("notify.templates-dir", templates.toString(),
                "incident.quiet-period", "60s"))) {
            fire(pipeline);

            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.emails().size() >= 1);
            MimeMessage firing = pipeline.emails().get(0);
            assertThat(firing.getSubject()).isEqualTo("PAGE jwt-pizza-service: 5 errors");
            // MIME carries lines with CRLF
            assertThat(SandboxMail.part(firing, "text/plain").replace("\r\n", "\n"))
                    .startsWith("jwt-pizza-service is failing. Runbook: https://wiki.example/pizza\n\nService:")
                    .contains("Errors:     5").contains(LINK);
            assertThat(SandboxMail.part(firing, "text/html")).contains("<h1>jwt-pizza-service is failing</h1>")
                    .contains("href=\"" + LINK + "\"").doesNotContain("FIRING:");
        }
    }

    @Test
    void aBrokenTemplateFallsBackToTheShippedOneTheEmailIsStillSentAndItIsSaidOnce(@TempDir Path templates)
            throws Exception {
        Files.writeString(templates.resolve("firing.html.mustache"), "<h1>{{#links}}{{url}}</h1>\n");
        Files.writeString(templates.resolve("resolved.html.mustache"), "<h1>{{#links}}{{url}}</h1>\n");
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(Map.of("notify.templates-dir", templates.toString(),
                     "incident.quiet-period", "3s"))) {
            fire(pipeline);

            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.emails().size() >= 2);
            MimeMessage firing = pipeline.emails().get(0);
            assertThat(firing.getSubject()).startsWith("[FIRING] jwt-pizza-service: 5 errors");
            assertThat(SandboxMail.part(firing, "text/html")).contains("FIRING: jwt-pizza-service logged 5 errors")
                    .contains("href=\"" + LINK + "\"");
            assertThat(SandboxMail.part(pipeline.emails().get(1), "text/html")).contains("RESOLVED: no error from");
            assertThat(log.lines("WARN").stream().filter(line -> line.startsWith("Template "))).hasSize(2)
                    .anySatisfy(line -> assertThat(line).contains(templates.resolve("firing.html.mustache")
                            + " line 1: Failed to close 'links' tag"))
                    .anySatisfy(line -> assertThat(line).contains(templates.resolve("resolved.html.mustache")
                            .toString()));
        }
    }
}
