package dev.logremediation.report;

import java.time.Instant;

/**
 * Something the product did or saw during an incident, for the report's timeline.
 *
 * @param at     when it happened
 * @param event  a short name: "FIRING email", "UPDATE email", "RESOLVED email", "remediation", "verification"
 * @param detail one line of what happened (masked: never holds a secret)
 */
public record TimelineEntry(Instant at, String event, String detail) {
}
