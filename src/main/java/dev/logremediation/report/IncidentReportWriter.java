package dev.logremediation.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a run's incidents as a postmortem-shaped report in Markdown, HTML or JSON. All three show the same facts,
 * worked out once ({@link RunFacts}); Markdown and HTML render one outline of sections ({@link ReportOutline}).
 * Every text from logs, links and settings is masked ({@code SecretMasker}) before it reaches any format.
 */
public final class IncidentReportWriter {

    public static final String FORMATS = "md, html, json";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public IncidentReportWriter() {
    }

    /** The report in {@code format}: md, html or json (case-insensitive). */
    public String render(RunReport report, String format) {
        String name = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "md" -> markdown(report);
            case "html" -> html(report);
            case "json" -> json(report);
            default -> throw new IllegalArgumentException("Unknown report format \"" + ReportText.clean(format)
                    + "\": use one of " + FORMATS);
        };
    }

    public String markdown(RunReport report) {
        ReportTimes times = times(report);
        return MarkdownFormat.render(ReportOutline.of(RunFacts.of(report, times), times));
    }

    public String html(RunReport report) {
        ReportTimes times = times(report);
        RunFacts facts = RunFacts.of(report, times);
        return HtmlFormat.render(facts.title(), ReportOutline.of(facts, times));
    }

    public String json(RunReport report) {
        try {
            return mapper.writeValueAsString(RunFacts.of(report, times(report)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain records of strings and numbers: not expected
        }
    }

    private static ReportTimes times(RunReport report) {
        return new ReportTimes(Objects.requireNonNull(report, "report").zone());
    }
}
