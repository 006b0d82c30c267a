package dev.logremediation.report;

import dev.logremediation.report.ReportOutline.Block;
import dev.logremediation.report.ReportOutline.Bullets;
import dev.logremediation.report.ReportOutline.Checklist;
import dev.logremediation.report.ReportOutline.Code;
import dev.logremediation.report.ReportOutline.Fact;
import dev.logremediation.report.ReportOutline.Facts;
import dev.logremediation.report.ReportOutline.Heading;
import dev.logremediation.report.ReportOutline.Paragraph;
import dev.logremediation.report.ReportOutline.Table;

import java.util.List;
import java.util.stream.Collectors;

/** Renders an outline as GitHub-flavoured Markdown. */
final class MarkdownFormat {

    /** Characters Markdown would read as markup (emphasis, links, raw HTML, table cells, entities): shown as text. */
    private static final String MARKUP = "\\`*_[]<>|~&#";

    private MarkdownFormat() {
    }

    static String render(List<Block> blocks) {
        return blocks.stream().map(MarkdownFormat::block).collect(Collectors.joining("\n\n", "", "\n"));
    }

    private static String block(Block block) {
        if (block instanceof Heading h) {
            return "#".repeat(h.level()) + " " + text(h.text());
        } else if (block instanceof Paragraph p) {
            return text(p.text());
        } else if (block instanceof Facts f) {
            return f.facts().stream().map(MarkdownFormat::fact).collect(Collectors.joining("\n"));
        } else if (block instanceof Bullets b) {
            return b.items().stream().map(item -> "- " + text(item)).collect(Collectors.joining("\n"));
        } else if (block instanceof Checklist c) {
            return c.items().stream().map(item -> "- [ ] " + text(item)).collect(Collectors.joining("\n"));
        } else if (block instanceof Table t) {
            return row(t.header()) + "\n" + row(t.header().stream().map(h -> "---").toList()) + "\n"
                    + t.rows().stream().map(MarkdownFormat::row).collect(Collectors.joining("\n"));
        } else if (block instanceof Code c) {
            return code(c.text());
        }
        throw new IllegalStateException("unknown block " + block);
    }

    private static String fact(Fact fact) {
        return "- **" + text(fact.label()) + ":** " + text(fact.value());
    }

    private static String row(List<String> cells) {
        return cells.stream().map(MarkdownFormat::text).collect(Collectors.joining(" | ", "| ", " |"));
    }

    /** A fence longer than any run of backticks in the text, so the text cannot close it. */
    private static String code(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "\n" + oneLine(text) + "\n" + fence;
    }

    static String text(String text) {
        String line = oneLine(text);
        StringBuilder out = new StringBuilder(line.length() + 8);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (MARKUP.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A line break would end a table row or a list item early. */
    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
