package dev.logremediation.report;

import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.notify.OutgoingEmail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Live mode: when an incident resolves, writes its report under {@code state.dir/reports} and attaches the Markdown
 * to the RESOLVED email.
 */
public final class IncidentReports {

    private final IncidentLedger ledger;
    private final IncidentReportWriter writer = new IncidentReportWriter();
    private final Path dir;
    private final ZoneId zone;

    public IncidentReports(IncidentLedger ledger, Path stateDir, ZoneId zone) {
        this.ledger = ledger;
        this.dir = stateDir.resolve("reports");
        this.zone = zone;
    }

    /** Writes the incident's report under state.dir and returns the RESOLVED email with it attached. */
    public OutgoingEmail attachTo(OutgoingEmail email, IncidentEvent event) {
        RunReport report = ledger.report(event);
        String markdown = writer.markdown(new RunReport("Incident report: " + event.key(), null, null, zone,
                report.incidents(), report.belowThreshold(), Instant.now()));
        String name = fileName(event);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the incident report under " + dir + ": check state.dir", e);
        }
        return email.withReport(name, markdown);
    }

    /** Only letters, digits, dot, dash: the key comes from a log label. */
    static String fileName(IncidentEvent event) {
        return ("incident-" + event.watch().name() + "-" + event.key()).replaceAll("[^A-Za-z0-9.-]", "_") + "-"
                + event.firstNanos() + ".md";
    }
}
