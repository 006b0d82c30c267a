package dev.logremediation.report;

import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.report.ReportTimes.Moment;

import java.util.List;

/** The facts of a whole report: what the JSON format serialises and what the Markdown and HTML outlines show. */
record RunFacts(int reportVersion, String title, String zone, Moment windowFrom, Moment windowTo, Moment generatedAt,
                List<IncidentFacts> incidents, List<Blip> belowThreshold) {

    /** An error episode that stayed below its threshold: nobody was emailed. */
    record Blip(String incidentId, String service, String watch, long errors, Moment firstError, Moment lastError,
                String topSignature) {
    }

    /** Bumped when the JSON shape changes in a way a reader would notice. */
    static final int REPORT_VERSION = 2;

    static RunFacts of(RunReport report, ReportTimes times) {
        String title = report.title() == null || report.title().isBlank() ? "Incident report" : report.title();
        return new RunFacts(REPORT_VERSION, ReportText.clean(title), times.zoneName(),
                times.moment(report.windowFrom()), times.moment(report.windowTo()), times.moment(report.generatedAt()),
                report.incidents().stream().map(r -> IncidentFacts.of(r, times)).toList(),
                report.belowThreshold().stream().map(r -> blip(r.incident(), times)).toList());
    }

    private static Blip blip(IncidentEvent episode, ReportTimes times) {
        return new Blip(ReportText.clean(episode.incidentId()), ReportText.clean(episode.key()),
                ReportText.clean(episode.watch().name()), episode.count(), times.moment(episode.firstNanos()),
                times.moment(episode.lastNanos()), ReportText.clean(episode.topSignature()));
    }
}
