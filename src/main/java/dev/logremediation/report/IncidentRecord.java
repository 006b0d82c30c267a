package dev.logremediation.report;

import dev.logremediation.incident.IncidentEvent;

import java.util.List;

/**
 * One incident as the report tells it: its final state (the RESOLVED or BELOW_THRESHOLD event, or the last event
 * when a run ends with the incident still open) and what the product did about it.
 */
public record IncidentRecord(IncidentEvent incident, List<TimelineEntry> actions) {

    public IncidentRecord {
        actions = List.copyOf(actions);
    }
}
