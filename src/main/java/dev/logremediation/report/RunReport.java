package dev.logremediation.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What a report covers: the incidents of one run (a batch window) or the one incident that just resolved (live).
 *
 * @param title          e.g. "Incident report: jwt-pizza-service" or "Batch run 2026-11-27T00:00Z .. 06:00Z"
 * @param windowFrom     start of the log window looked at (null for a live single-incident report)
 * @param windowTo       end of that window (null likewise)
 * @param zone           the configured zone; times are shown in UTC and in this zone
 * @param incidents      incidents that crossed their threshold
 * @param belowThreshold error episodes that stayed below it (nobody was emailed)
 * @param generatedAt    when the report was made
 */
public record RunReport(String title, Instant windowFrom, Instant windowTo, ZoneId zone, List<IncidentRecord> incidents,
                        List<IncidentRecord> belowThreshold, Instant generatedAt) {

    public RunReport {
        incidents = List.copyOf(incidents);
        belowThreshold = List.copyOf(belowThreshold);
    }
}
