package dev.logremediation.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Shows every time in UTC and, unless it is UTC too, in the configured zone; gives JSON its RFC 3339 strings and
 * nanos.
 */
final class ReportTimes {

    /**
     * One point in time for the JSON report.
     *
     * @param utc   RFC 3339 in UTC
     * @param local RFC 3339 with the configured zone's offset
     * @param nanos nanoseconds since the epoch (Loki's unit)
     */
    record Moment(String utc, String local, long nanos) {
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
    private static final DateTimeFormatter UTC_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ZoneId zone;
    private final boolean utcOnly;
    private final DateTimeFormatter localText;
    private final DateTimeFormatter localMinute;
    private final DateTimeFormatter localRfc3339;

    ReportTimes(ZoneId zone) {
        // "Z" would read oddly in headings and cells; a UTC zone is shown once, as "UTC"
        this.utcOnly = zone == null || zone.normalized().equals(ZoneOffset.UTC);
        this.zone = utcOnly ? ZoneId.of("UTC") : zone;
        // Locale.US: zone abbreviations such as MST/MDT, which readers know, rather than GMT-07:00
        this.localText = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.US).withZone(this.zone);
        this.localMinute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.US).withZone(this.zone);
        this.localRfc3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(this.zone);
    }

    String zoneName() {
        return zone.getId();
    }

    /** "UTC", or "UTC and America/Denver". */
    String zonesShown() {
        return utcOnly ? "UTC" : "UTC and " + zone.getId();
    }

    /** Table headers for a time column: one in UTC, and one in the configured zone unless that is UTC. */
    List<String> headers(String what) {
        return utcOnly ? List.of(what + " (UTC)") : List.of(what + " (UTC)", what + " (" + zone.getId() + ")");
    }

    /** The table cells of a time, matching {@link #headers}. */
    List<String> cells(Moment m) {
        return utcOnly ? List.of(utc(m)) : List.of(utc(m), local(m));
    }

    /** The table cells of a minute, matching {@link #headers}. */
    List<String> minuteCells(Moment m) {
        return utcOnly ? List.of(utcMinute(m)) : List.of(utcMinute(m), localMinute(m));
    }

    /** Null for 0, which the incident model uses for "never". */
    Moment moment(long nanos) {
        if (nanos == 0) {
            return null;
        }
        Instant at = instant(nanos);
        return new Moment(DateTimeFormatter.ISO_INSTANT.format(at), localRfc3339.format(at), nanos);
    }

    Moment moment(Instant at) {
        return at == null ? null : moment(nanos(at));
    }

    /** Minutes since the epoch, as the per-minute counts are keyed. */
    Moment minute(long epochMinute) {
        return moment(epochMinute * NANOS_PER_MINUTE);
    }

    String utc(Moment m) {
        return m == null ? "-" : UTC_TEXT.format(instant(m.nanos())) + " UTC";
    }

    String local(Moment m) {
        return m == null ? "-" : localText.format(instant(m.nanos()));
    }

    String utcMinute(Moment m) {
        return UTC_MINUTE.format(instant(m.nanos())) + " UTC";
    }

    String localMinute(Moment m) {
        return localMinute.format(instant(m.nanos()));
    }

    /** A minute as {@link #both} shows a time. */
    String bothMinute(Moment m) {
        return utcOnly ? utcMinute(m) : utcMinute(m) + " (" + localMinute(m) + ")";
    }

    /** "2026-11-27 10:15:03 UTC (2026-11-27 03:15:03 MST)", or "never" for a missing time. */
    String both(Moment m) {
        return m == null ? "never" : utcOnly ? utc(m) : utc(m) + " (" + local(m) + ")";
    }

    static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS_PER_SECOND), at.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
