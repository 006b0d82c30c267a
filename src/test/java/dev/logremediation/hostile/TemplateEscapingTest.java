package dev.logremediation.hostile;

import dev.logremediation.notify.MessageSamples;
import dev.logremediation.notify.MessageTemplates;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped template, given a model whose every text is a hostile log line (the corpus), renders HTML without
 * active markup and a subject without line breaks or invisible characters: the engine escapes, not the model.
 */
class TemplateEscapingTest {

    /** Fields that hold links: in the product they are http(s) links the extractor found; only their tail is hostile. */
    private static final Set<String> LINK_FIELDS = Set.of("url", "exploreUrl", "link", "lokiUrl");
    private static final String MARKUP = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'><b>";

    @Test
    void hostileLogTextStaysEscapedInEveryTemplatesHtml() {
        List<String> hostile = new ArrayList<>(List.of(MARKUP));
        HostileCorpus.load(Map.of("KEY", "0123456789abcdef0123456789abcdef", "TRAP_A",
                "127.0.0.2:9", "TRAP_B_PORT", "9", "ALLOWED", "http://127.0.0.1:9", "CHAOS_LINK", "https://x/y"))
                .forEach(entry -> hostile.add(entry.line().length() > 2000
                ? entry.line().substring(0, 2000) : entry.line()));
        MessageTemplates templates = new MessageTemplates(Path.of("templates"));
        List<String> problems = new ArrayList<>();
        int rendered = 0;
        for (Map.Entry<String, List<Map<String, Object>>> kind : MessageSamples.all("").entrySet()) {
            for (Map<String, Object> sample : kind.getValue()) {
                for (int offset = 0; offset < hostile.size(); offset += 7) {
                    Iterator<String> lines = cycle(hostile, offset);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> model = (Map<String, Object>) poison(sample, null, lines);
                    MessageTemplates.Rendered message = templates.render("", kind.getKey(), model);
                    String where = kind.getKey() + " (hostile line " + offset + "): ";
                    problems.addAll(MailChecks.htmlProblems(message.html(), where));
                    if (MailChecks.hasInvisible(message.subject()) || message.subject().length() > 150) {
                        problems.add(where + "subject \"" + MailChecks.printable(message.subject()) + "\"");
                    }
                    rendered++;
                }
            }
        }

        assertThat(problems).isEmpty();
        assertThat(rendered).isGreaterThan(MessageTemplates.KINDS.size() * 10);
        // the markup did reach the HTML, escaped: the check above looked at something
        Map<String, Object> firing = MessageSamples.all("").get("firing").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> poisoned = (Map<String, Object>) poison(firing, null, cycle(List.of(MARKUP), 0));
        assertThat(templates.render("", "firing", poisoned).html()).contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;")
                .doesNotContain("<img").doesNotContain("<script");
    }

    private static Iterator<String> cycle(List<String> lines, int offset) {
        return new Iterator<>() {
            private int next = offset;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                return lines.get(next++ % lines.size());
            }
        };
    }

    /** The model with every text replaced by the next hostile line; numbers and flags stay. */
    private static Object poison(Object value, String field, Iterator<String> lines) {
        if (value instanceof String) {
            return LINK_FIELDS.contains(field) ? "https://x.example/" + lines.next() : lines.next();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((name, inner) -> copy.put((String) name, poison(inner, (String) name, lines)));
            return copy;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(inner -> poison(inner, field, lines)).toList();
        }
        return value;
    }
}
