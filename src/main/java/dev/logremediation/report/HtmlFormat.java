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

/** Renders an outline as one standalone HTML page that reads well on a phone; every text is escaped. */
final class HtmlFormat {

    private static final String STYLE = "body{font-family:-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;"
            + "padding:12px;max-width:960px;line-height:1.45;color:#222}"
            + "h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}"
            + "h3{font-size:1.05em;margin-top:1.4em}li,td{overflow-wrap:anywhere}"
            + ".scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9em}"
            + "th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
            + "pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:8px;font-size:.85em}"
            + "ul.checklist{list-style:none;padding-left:.5em}";

    private HtmlFormat() {
    }

    static String render(String title, List<Block> blocks) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        blocks.forEach(block -> block(out, block));
        return out.append("</body>\n</html>\n").toString();
    }

    private static void block(StringBuilder out, Block block) {
        if (block instanceof Heading h) {
            out.append("<h").append(h.level()).append('>').append(escape(h.text())).append("</h").append(h.level())
                    .append(">\n");
        } else if (block instanceof Paragraph p) {
            out.append("<p>").append(escape(p.text())).append("</p>\n");
        } else if (block instanceof Facts f) {
            out.append("<ul>\n");
            for (Fact fact : f.facts()) {
                out.append("<li><strong>").append(escape(fact.label())).append(":</strong> ")
                        .append(escape(fact.value())).append("</li>\n");
            }
            out.append("</ul>\n");
        } else if (block instanceof Bullets b) {
            list(out, "<ul>", "<li>", b.items());
        } else if (block instanceof Checklist c) {
            list(out, "<ul class=\"checklist\">", "<li><input type=\"checkbox\" disabled> ", c.items());
        } else if (block instanceof Table t) {
            out.append("<div class=\"scroll\"><table>\n<thead>");
            row(out, "th", t.header());
            out.append("</thead>\n<tbody>\n");
            t.rows().forEach(cells -> row(out, "td", cells));
            out.append("</tbody>\n</table></div>\n");
        } else if (block instanceof Code c) {
            out.append("<pre><code>").append(escape(c.text())).append("</code></pre>\n");
        }
    }

    private static void list(StringBuilder out, String open, String itemOpen, List<String> items) {
        out.append(open).append('\n');
        items.forEach(item -> out.append(itemOpen).append(escape(item)).append("</li>\n"));
        out.append("</ul>\n");
    }

    private static void row(StringBuilder out, String cell, List<String> cells) {
        out.append("<tr>");
        cells.forEach(text -> out.append('<').append(cell).append('>').append(escape(text)).append("</")
                .append(cell).append('>'));
        out.append("</tr>\n");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
