package dev.logremediation.report;

import dev.logremediation.text.Text;
import dev.logremediation.detect.FailureKind;
import dev.logremediation.report.IncidentFacts.Count;
import dev.logremediation.report.IncidentFacts.Event;
import dev.logremediation.report.IncidentFacts.ImpactFacts;
import dev.logremediation.report.IncidentFacts.Link;
import dev.logremediation.report.IncidentFacts.MinuteCount;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report as format-neutral blocks (headings, facts, tables, code): Markdown and HTML render the same outline,
 * so the two cannot drift apart. Block text is plain; each format escapes it.
 */
final class ReportOutline {

    sealed interface Block permits Heading, Paragraph, Facts, Bullets, Checklist, Table, Code {
    }

    record Heading(int level, String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    record Fact(String label, String value) {
    }

    record Facts(List<Fact> facts) implements Block {
    }

    record Bullets(List<String> items) implements Block {
    }

    record Checklist(List<String> items) implements Block {
    }

    record Table(List<String> header, List<List<String>> rows) implements Block {
    }

    /** A log line or query, shown verbatim (already cleaned: masked, one line, bounded). */
    record Code(String text) implements Block {
    }

    /** The postmortem sections of each incident, in order. */
    static final List<String> SECTIONS = List.of("Summary", "Detection", "Impact", "Timeline", "Response",
            "Root cause", "Resolution", "Prevention", "Action items");
    static final String BELOW_THRESHOLD = "Below threshold (nobody was emailed)";
    /** A week-long outage has 10,080 minutes; the JSON keeps them all, the readable formats the first few hours. */
    static final int MAX_MINUTE_ROWS = 240;

    private final ReportTimes times;
    private final List<Block> blocks = new ArrayList<>();

    private ReportOutline(ReportTimes times) {
        this.times = times;
    }

    static List<Block> of(RunFacts run, ReportTimes times) {
        ReportOutline outline = new ReportOutline(times);
        outline.header(run);
        for (int i = 0; i < run.incidents().size(); i++) {
            outline.incident(i + 1, run.incidents().get(i));
        }
        outline.belowThreshold(run.belowThreshold());
        return List.copyOf(outline.blocks);
    }

    private void header(RunFacts run) {
        blocks.add(new Heading(1, run.title()));
        List<Fact> facts = new ArrayList<>();
        if (run.windowFrom() != null || run.windowTo() != null) {
            facts.add(new Fact("Window", times.both(run.windowFrom()) + " → " + times.both(run.windowTo())));
        }
        facts.add(new Fact("Generated at", times.both(run.generatedAt())));
        facts.add(new Fact("Times shown in", times.zonesShown()));
        facts.add(new Fact("Incidents", run.incidents().size() + " (plus " + run.belowThreshold().size()
                + " below threshold)"));
        blocks.add(new Facts(facts));
        if (run.incidents().isEmpty()) {
            blocks.add(new Paragraph("No incidents."));
        }
    }

    private void incident(int number, IncidentFacts f) {
        blocks.add(new Heading(2, "Incident " + number + ": " + f.service() + " (" + f.outcome() + ")"));
        section("Summary");
        blocks.add(new Facts(List.of(
                new Fact("Service", f.service()),
                new Fact("Watch", f.rule().watch()),
                new Fact("Incident id", f.incidentId()),
                new Fact("When", span(f)),
                new Fact("Errors", Long.toString(f.errors())),
                new Fact("Top signature", f.signatures().isEmpty() ? "none"
                        : f.topSignature() + " (" + f.signatures().get(0).errors() + " errors)"),
                new Fact("Outcome", f.outcome() + ": " + f.outcomeDetail()))));

        section("Detection");
        blocks.add(new Facts(List.of(
                new Fact("First error", times.both(f.firstError())),
                new Fact("Threshold crossed", f.thresholdCrossed() == null ? "never"
                        : times.both(f.thresholdCrossed()) + " (error number " + f.errorsAtThreshold() + ")"),
                new Fact("Rule", f.rule().describe() + ", counted over the LogQL query below"),
                // the email action's own detail says whether it was sent, and to whom (a dry run only prints it)
                new Fact("On-call email", f.firingEmail() == null ? "no FIRING email recorded"
                        : times.both(f.firingEmail().at()) + ": " + f.firingEmail().detail()))));
        blocks.add(new Code(f.rule().query()));

        section("Impact");
        ImpactFacts impact = f.impact();
        List<Fact> impactFacts = new ArrayList<>(List.of(
                new Fact("Failed or degraded orders", impact.failedOrDegradedOrders() + " (" + impact.counted() + ")"),
                new Fact("Orders affected", impact.firstAffected() == null ? "none"
                        : times.both(impact.firstAffected()) + " → " + times.both(impact.lastAffected()) + " ("
                          + Text.duration(impact.affectedNanos()) + ")"),
                new Fact("Duration", Text.duration(f.durationNanos()) + " (first to last error)"),
                new Fact("Errors", Long.toString(f.errors()))));
        if (!impact.kinds().isEmpty()) {
            impactFacts.add(new Fact("Failure kind", impact.kinds().stream()
                    .map(k -> k.name() + ": " + k.errors() + " lines").collect(Collectors.joining("; "))));
        }
        impactFacts.add(new Fact("Latency", latency(impact)));
        impactFacts.add(new Fact("Busiest minute", busiestMinute(f.perMinute())));
        blocks.add(new Facts(impactFacts));
        table(List.of("Endpoint", "Errors"), f.endpoints().stream().map(ReportOutline::countRow).toList());

        section("Timeline");
        blocks.add(new Paragraph("Errors per minute (log time):"));
        List<List<String>> minutes = f.perMinute().stream().limit(MAX_MINUTE_ROWS)
                .map(m -> concat(times.minuteCells(m.minute()), List.of(Long.toString(m.errors()))))
                .toList();
        table(concat(times.headers("Minute"), List.of("Errors")), minutes);
        if (f.perMinute().size() > MAX_MINUTE_ROWS) {
            blocks.add(new Paragraph((f.perMinute().size() - MAX_MINUTE_ROWS)
                    + " later minutes are left out here; the JSON report has them all."));
        }
        blocks.add(new Paragraph("Events in time order (errors by log time, actions by when the product acted):"));
        table(concat(times.headers("Time"), List.of("Event", "Detail")),
                f.timeline().stream().map(this::eventRow).toList());

        section("Response");
        onCall(f.actions());
        if (f.actions().isEmpty()) {
            blocks.add(new Paragraph("No actions were recorded."));
        } else {
            table(concat(times.headers("Time"), List.of("Action", "Result")),
                    f.actions().stream().map(this::eventRow).toList());
        }
        if (f.actions().stream().noneMatch(a -> a.event().equalsIgnoreCase("remediation"))) {
            blocks.add(new Paragraph("No automatic remediation."));
        }

        section("Root cause");
        blocks.add(new Paragraph("Evidence, not a conclusion: these facts point at a cause; a person confirms it."));
        table(List.of("Signature", "Errors"), f.signatures().stream().map(ReportOutline::countRow).toList());
        blocks.add(new Facts(List.of(new Fact("Upstream message",
                f.upstreamMessage().isEmpty() ? "none" : f.upstreamMessage()))));
        if (f.links().isEmpty()) {
            blocks.add(new Paragraph("No resolution link appeared in the logs."));
        }
        for (Link link : f.links()) {
            blocks.add(new Facts(List.of(new Fact("Resolution link host", link.host()),
                    new Fact("Link (masked)", link.link()))));
            blocks.add(new Paragraph("The line it came from:"));
            blocks.add(new Code(link.line()));
        }
        if (!f.samples().isEmpty()) {
            blocks.add(new Paragraph("Sample lines:"));
            f.samples().forEach(sample -> blocks.add(new Code(sample)));
        }

        section("Resolution");
        blocks.add(new Bullets(f.resolution()));
        section("Prevention");
        blocks.add(new Checklist(f.prevention()));
        section("Action items");
        blocks.add(new Checklist(f.actionItems()));
    }

    /** Who was paged, who acknowledged and how soon, the reminders and escalation levels of the on-call loop. */
    private void onCall(List<IncidentFacts.Event> actions) {
        IncidentFacts.Event paged = actions.stream().filter(a -> a.event().equalsIgnoreCase("FIRING email"))
                .findFirst().orElse(null);
        if (paged == null) {
            return;
        }
        IncidentFacts.Event ack = actions.stream().filter(a -> a.event().equals("acknowledged")).findFirst()
                .orElse(null);
        List<String> escalations = actions.stream().filter(a -> a.event().equals("escalation"))
                .map(IncidentFacts.Event::detail).toList();
        blocks.add(new Facts(List.of(
                new Fact("Paged", times.both(paged.at()) + ", " + paged.detail()),
                new Fact("Acknowledged", ack == null ? "no" : ack.detail() + ", "
                        + dev.logremediation.text.Text.duration(Math.max(0, ack.at().nanos() - paged.at().nanos()))
                        + " after the page"),
                new Fact("Reminders", Long.toString(actions.stream().filter(a -> a.event().equals("reminder"))
                        .count())),
                new Fact("Escalation", escalations.isEmpty() ? "none" : String.join("; ", escalations)))));
    }

    private void belowThreshold(List<RunFacts.Blip> blips) {
        blocks.add(new Heading(2, BELOW_THRESHOLD));
        if (blips.isEmpty()) {
            blocks.add(new Paragraph("None."));
            return;
        }
        blocks.add(new Paragraph("These error episodes stayed below their watch's threshold: nobody was emailed."));
        table(List.of("Service", "Watch", "Errors", "First error", "Last error", "Top signature"),
                blips.stream().map(b -> List.of(b.service(), b.watch(), Long.toString(b.errors()),
                        times.both(b.firstError()), times.both(b.lastError()), b.topSignature())).toList());
    }

    private void section(String name) {
        blocks.add(new Heading(3, name));
    }

    private void table(List<String> header, List<List<String>> rows) {
        blocks.add(rows.isEmpty() ? new Paragraph("None.") : new Table(header, rows));
    }

    private String span(IncidentFacts f) {
        return times.both(f.firstError()) + " → " + times.both(f.lastError()) + " ("
                + Text.duration(f.durationNanos()) + ")";
    }

    private List<String> eventRow(Event e) {
        return concat(times.cells(e.at()), List.of(e.event(), e.detail()));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static List<String> countRow(Count c) {
        return List.of(c.name(), Long.toString(c.errors()));
    }

    /** The slowest request the lines tell of; a slow success whose lines carry no duration says so. */
    private static String latency(ImpactFacts impact) {
        if (impact.maxLatencyMillis() >= 0) {
            return "up to " + Text.latencyMillis(impact.maxLatencyMillis()) + " (average "
                    + Text.latencyMillis(impact.averageLatencyMillis()) + " over the lines that tell it)";
        }
        boolean slow = impact.kinds().stream().anyMatch(k -> k.name().equals(FailureKind.SLOW_SUCCESS.description()));
        return slow ? "not in the lines: they answered with a chaos link" : "not in the lines";
    }

    private String busiestMinute(List<MinuteCount> perMinute) {
        return perMinute.stream().max(Comparator.comparingLong(MinuteCount::errors))
                .map(m -> m.errors() + " errors at " + times.bothMinute(m.minute())).orElse("none");
    }
}
