package dev.logremediation.notify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The template engine as validate and the routes use it: problems named by file and line, custom over shipped. */
class MessageTemplatesTest {

    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private static Map<String, Object> firingSample() {
        return MessageSamples.all("").get("firing").get(0);
    }

    @Test
    void everyShippedTemplateRendersEveryKindsSamplesWithoutAProblem() {
        new MessageTemplates(Path.of("templates")).check("", "notify.templates-dir", problems, warnings);
        MessageTemplates.shipped().check("", "notify.templates-dir", problems, warnings);

        assertThat(problems).isEmpty();
        assertThat(warnings).as("every file in templates/ is a kind's template or a partial one uses").isEmpty();
        assertThat(MessageSamples.all("").keySet()).containsExactlyElementsOf(MessageTemplates.KINDS);
    }

    @Test
    void aSyntaxErrorAMisspeltFieldAnUnknownPartialAndAnUnusedFileAreNamedWithFileAndLine(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("firing.text.mustache"), "FIRING\n\n{{servce}} is down\n");
        Files.writeString(dir.resolve("firing.html.mustache"), "<p>\n{{#links}}\n<a href=\"{{url}}\">x</a>\n</p>\n");
        Files.writeString(dir.resolve("resolved.html.mustache"), "<p>ok</p>\n{{> footer}}\n");
        Files.writeString(dir.resolve("firng.subject.mustache"), "[FIRING] {{service}}\n");

        new MessageTemplates(dir).check("", "notify.templates-dir", problems, warnings);

        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .startsWith(dir.resolve("firing.text.mustache") + " line 3: ").contains("no field servce"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .startsWith(dir.resolve("firing.html.mustache") + " line ").contains("links"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem)
                .startsWith(dir.resolve("resolved.html.mustache") + " line 2: ").contains("no template named footer"));
        assertThat(problems).hasSize(3);
        assertThat(warnings).singleElement().asString().startsWith(dir.resolve("firng.subject.mustache")
                + " is not used");
    }

    @Test
    void aWatchNamingATemplateSetThatDoesNotExistIsAProblem(@TempDir Path dir) {
        new MessageTemplates(dir).check("payments", "watch payments-api", problems, warnings);

        assertThat(problems).containsExactly("watch payments-api parameter templates: no template set payments (no"
                + " folder " + dir.resolve("payments") + ")");
    }

    @Test
    void aSetOverridesOnlyItsOwnFilesAndIncludesTheShippedPartials(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("payments"));
        Files.writeString(dir.resolve("payments/firing.text.mustache"),
                "Payments on fire: {{service}}\nRunbook: https://wiki.example/payments\n\n{{> incident.text}}\n");

        MessageTemplates templates = new MessageTemplates(dir);
        MessageTemplates.Rendered payments = templates.render("payments", "firing", firingSample());
        MessageTemplates.Rendered shipped = MessageTemplates.shipped().render("", "firing", firingSample());

        assertThat(payments.text()).startsWith("Payments on fire: jwt-pizza-service\nRunbook: https://wiki.example/"
                + "payments\n\nService:    jwt-pizza-service\n").endsWith(shipped.text().substring(
                shipped.text().indexOf("Service:")));
        assertThat(payments.subject()).isEqualTo(shipped.subject());
        assertThat(payments.html()).isEqualTo(shipped.html());
        assertThat(templates.render("", "firing", firingSample()).text()).isEqualTo(shipped.text());
    }

    @Test
    void aCustomTemplateThatFailsAtRunTimeIsReplacedByTheShippedOneAndSaidOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("firing.html.mustache"), "<p>{{#links}}unclosed</p>\n");
        Files.writeString(dir.resolve("firing.subject.mustache"), "[FIRE] {{service}}\n");
        Logger logger = (Logger) LoggerFactory.getLogger(MessageTemplates.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            MessageTemplates templates = new MessageTemplates(dir);
            MessageTemplates.Rendered first = templates.render("", "firing", firingSample());
            MessageTemplates.Rendered second = templates.render("", "firing", firingSample());

            String shippedHtml = MessageTemplates.shipped().render("", "firing", firingSample()).html();
            assertThat(first.html()).isEqualTo(shippedHtml);
            assertThat(second.html()).isEqualTo(shippedHtml);
            assertThat(first.subject()).isEqualTo("[FIRE] jwt-pizza-service");
            assertThat(log.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains(dir.resolve("firing.html.mustache").toString())
                        .contains("line 1");
            });
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void theSubjectStaysOneShortLineWhateverTheTemplateAndTheModelHold(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("firing.subject.mustache"), "[FIRING]\n{{service}}\r\n{{#signatures}}{{text}}"
                + " {{/signatures}}{{#samples}}{{line}}{{/samples}}\n");

        String subject = new MessageTemplates(dir).render("", "firing", firingSample()).subject();

        assertThat(subject).startsWith("[FIRING] jwt-pizza-service POST").hasSizeLessThanOrEqualTo(150)
                .doesNotContain("\n").doesNotContain("\r");
    }
}
