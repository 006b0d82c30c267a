package dev.logremediation.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** validate renders every template a watch can use and names each broken one by file and line. */
class ValidateTemplatesTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int validate(Path config) {
        PrintStream print = new PrintStream(out, true);
        return LogRemediation.run(new String[] {"validate", "--offline", "--config", config.toString()}, print, print);
    }

    @Test
    void theShippedTemplatesPass(@TempDir Path dir) throws Exception {
        Path config = ValidateAndReplayTest.config(dir, List.of(), null);

        assertThat(validate(config)).as(out.toString()).isEqualTo(ExitCode.DONE);
        assertThat(out.toString()).doesNotContain("template").contains("configuration OK");
    }

    @Test
    void aMisspeltFieldASyntaxErrorAndAnUnknownTemplateSetAreProblemsWithFileAndLine(@TempDir Path dir)
            throws Exception {
        Path templates = Files.createDirectories(dir.resolve("my-templates"));
        Files.writeString(templates.resolve("firing.text.mustache"), "FIRING\n\n{{servce}} is down\n");
        Files.createDirectories(templates.resolve("payments"));
        Files.writeString(templates.resolve("payments/blind.html.mustache"), "<p>\n{{#watch}}{{name}}\n</p>\n");
        String watches = """
                - templatedRoute:
                    routeTemplateRef: poll-loki
                    routeId: watch-payments
                    parameters:
                      - name: name
                        value: payments
                      - name: query
                        value: '{component="payments"}'
                      - name: templates
                        value: payments
                - templatedRoute:
                    routeTemplateRef: poll-loki
                    routeId: watch-billing
                    parameters:
                      - name: name
                        value: billing
                      - name: query
                        value: '{component="billing"}'
                      - name: templates
                        value: billng
                """;
        Path config = ValidateAndReplayTest.config(dir, List.of("notify.templates-dir=" + templates), watches);

        assertThat(validate(config)).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString())
                .contains("problem: " + templates.resolve("firing.text.mustache") + " line 3: no field servce")
                .contains("problem: " + templates.resolve("payments/blind.html.mustache")
                        + " line 2: Failed to close 'watch' tag")
                .contains("problem: watch billing parameter templates: no template set billng (no folder "
                        + templates.resolve("billng") + ")")
                .doesNotContain("configuration OK");
    }

    @Test
    void theAcknowledgementPageIsRenderedToo(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("my-templates"));
        Files.writeString(templates.resolve("ack-page.html.mustache"), "<h1>{{title}}</h1>\n"
                + "{{#incident}}<p>{{watch}} since {{firedAtt}}</p>{{/incident}}\n");
        Files.createDirectories(templates.resolve("payments"));
        Files.writeString(templates.resolve("payments/ack-page.html.mustache"), "<h1>{{title}}</h1>\n");
        Path config = ValidateAndReplayTest.config(dir, List.of("notify.templates-dir=" + templates), null);

        assertThat(validate(config)).isEqualTo(ExitCode.BAD_CONFIGURATION);
        assertThat(out.toString())
                .contains("problem: " + templates.resolve("ack-page.html.mustache") + " line 2: no field firedAtt")
                .doesNotContain("configuration OK");
    }
}
