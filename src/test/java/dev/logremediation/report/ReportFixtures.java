package dev.logremediation.report;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.FailureKind;
import dev.logremediation.incident.Impact;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hand-built runs for the report tests: a chaos incident that was remediated, a database outage, a blip. */
final class ReportFixtures {

    static final String API_KEY = "0123456789abcdef0123456789abcdef";
    static final String LINK = "https://pizza-factory.cs329.click/api/support/" + API_KEY + "/report/k3x9q2ab";
    /** The spec's HTTP line: the link sits in a JSON string inside the JSON line. */
    static final String ORDER_LINE = "{\"authorized\":true,\"path\":\"/api/order\",\"method\":\"POST\","
            + "\"statusCode\":500,\"resBody\":\"{\\\"message\\\":\\\"Failed to fulfill order at factory\\\","
            + "\\\"followLinkToEndChaos\\\":\\\"" + LINK + "\\\"}\"}";
    static final String HOSTILE_LINE =
            "{\"message\":\"<script>alert('x')</script>\",\"note\":\"line one\r\nline two\"}";
    static final ZoneId DENVER = ZoneId.of("America/Denver");
    static final Watch WATCH = new Watch("jwt-pizza-service", "{component=\"jwt-pizza-service\", level=\"error\"}", 5,
            Duration.ofMinutes(1), Duration.ofMinutes(5), List.of("oncall@example.com"), Duration.ofMinutes(30));

    private ReportFixtures() {
    }

    /** Factory chaos, 10:13:03..10:14:50 UTC: emailed, link followed, purchase verified, resolved. */
    static IncidentRecord chaosIncident() {
        return new IncidentRecord(chaosEvent(), List.of(
                new TimelineEntry(at("2026-11-27T10:14:11Z"), "FIRING email", "sent to oncall@example.com"),
                new TimelineEntry(at("2026-11-27T10:14:15Z"), "remediation",
                        "resolved: GET " + LINK + " answered 200 Problem resolved. Pizza is back on the menu!"),
                new TimelineEntry(at("2026-11-27T10:15:30Z"), "verification",
                        "passed: order 279 verified at the factory"),
                new TimelineEntry(at("2026-11-27T10:19:51Z"), "RESOLVED email", "sent to oncall@example.com")));
    }

    /** The same chaos incident, but the product did nothing except email. */
    static IncidentRecord chaosIncidentWithoutRemediation() {
        return new IncidentRecord(chaosEvent(), List.of(
                new TimelineEntry(at("2026-11-27T10:14:11Z"), "FIRING email", "sent to oncall@example.com")));
    }

    private static IncidentEvent chaosEvent() {
        Map<String, String> linkLines = new LinkedHashMap<>();
        linkLines.put(LINK, ORDER_LINE);
        return new IncidentEvent(Kind.RESOLVED, WATCH, "jwt-pizza-service/jwt-pizza-service/1", "jwt-pizza-service",
                nanos("2026-11-27T10:13:03Z"), nanos("2026-11-27T10:14:50Z"), 12, nanos("2026-11-27T10:14:10Z"),
                List.of(Map.entry("POST /api/order 500 Failed to fulfill order at factory", 7L),
                        Map.entry("factory-request 500 chaos monkey", 5L)),
                linkLines, List.of(), List.of(ORDER_LINE, HOSTILE_LINE, "x".repeat(2000)),
                perMinute(Map.of("2026-11-27T10:13:00Z", 4L, "2026-11-27T10:14:00Z", 8L)), 5,
                at("2026-11-27T10:19:50Z"),
                // 7 failed orders: each logged an answer, 5 of them a factory line too (paired by time)
                new Impact(Map.of(FailureKind.SERVER_ERROR, 12L), 7, 7, 5, 0, 5, nanos("2026-11-27T10:13:03Z"),
                        nanos("2026-11-27T10:14:50Z"), 5, 45, 205));
    }

    /** Throttle chaos, 10:13:00..10:16:12 UTC: six orders answered 200 after 32 s with a chaos link. */
    static IncidentRecord throttleIncident() {
        String slow = " with chaos link (slow)";
        IncidentEvent event = new IncidentEvent(Kind.RESOLVED, WATCH, "jwt-pizza-service/jwt-pizza-service/4",
                "jwt-pizza-service", nanos("2026-11-27T10:13:00Z"), nanos("2026-11-27T10:16:12Z"), 12,
                nanos("2026-11-27T10:14:04Z"),
                List.of(Map.entry("factory-request 200" + slow, 6L), Map.entry("POST /api/order 200" + slow, 6L)),
                Map.of(LINK, ORDER_LINE), List.of(), List.of(ORDER_LINE),
                perMinute(Map.of("2026-11-27T10:13:00Z", 4L, "2026-11-27T10:14:00Z", 4L, "2026-11-27T10:16:00Z", 4L)),
                5, at("2026-11-27T10:22:00Z"),
                new Impact(Map.of(FailureKind.SLOW_SUCCESS, 12L), 6, 6, 6, 6, 0, nanos("2026-11-27T10:13:00Z"),
                        nanos("2026-11-27T10:16:12Z"), 6, 32_045, 6 * 32_010));
        return new IncidentRecord(event, List.of(
                new TimelineEntry(at("2026-11-27T10:14:05Z"), "FIRING email", "sent to oncall@example.com")));
    }

    /** The shop's database is down, 11:00..11:04:59 UTC, no link; still open at the end of the run. */
    static IncidentRecord outageIncident() {
        IncidentEvent event = new IncidentEvent(Kind.FIRING, WATCH, "jwt-pizza-service/db/2", "pizza-db-shop",
                nanos("2026-11-27T11:00:00Z"), nanos("2026-11-27T11:04:59Z"), 41, nanos("2026-11-27T11:00:20Z"),
                List.of(Map.entry("GET /api/order/menu 500 connect ECONNREFUSED 127.0.0.1:3306", 30L),
                        Map.entry("unhandledError connect ECONNREFUSED 127.0.0.1:3306", 10L),
                        Map.entry("GET /api/franchise 500 odd a|b <script>alert(1)</script>", 1L)),
                Map.of(), List.of(), List.of("{\"message\":\"connect ECONNREFUSED 127.0.0.1:3306\"}"),
                perMinute(Map.of("2026-11-27T11:00:00Z", 20L, "2026-11-27T11:04:00Z", 21L)), 5,
                at("2026-11-27T11:05:00Z"),
                new Impact(Map.of(FailureKind.SERVER_ERROR, 31L, FailureKind.ERROR_LEVEL, 10L), 0, 0, 0, 0, 0, 0, 0,
                        0, -1, 0));
        return new IncidentRecord(event, List.of(
                new TimelineEntry(at("2026-11-27T11:00:21Z"), "FIRING email", "sent to oncall@example.com")));
    }

    /** Two errors, never reached the threshold. */
    static IncidentRecord blip() {
        IncidentEvent event = new IncidentEvent(Kind.BELOW_THRESHOLD, WATCH, "jwt-pizza-service/auth/3", "auth-blip",
                nanos("2026-11-27T12:30:00Z"), nanos("2026-11-27T12:30:09Z"), 2, 0,
                List.of(Map.entry("PUT /api/auth 500 unknown failure", 2L)), Map.of(), List.of(), List.of(),
                perMinute(Map.of("2026-11-27T12:30:00Z", 2L)), 0, at("2026-11-27T12:36:00Z"), Impact.NONE);
        return new IncidentRecord(event, List.of());
    }

    static RunReport run(List<IncidentRecord> incidents, List<IncidentRecord> belowThreshold) {
        return new RunReport("Batch run 2026-11-27", at("2026-11-27T10:00:00Z"), at("2026-11-27T13:00:00Z"), DENVER,
                incidents, belowThreshold, at("2026-11-27T13:00:05Z"));
    }

    static RunReport fullRun() {
        return run(List.of(chaosIncident(), outageIncident()), List.of(blip()));
    }

    static RunReport emptyRun() {
        return run(List.of(), List.of());
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    static long nanos(String iso) {
        return ReportTimes.nanos(at(iso));
    }

    private static TreeMap<Long, Long> perMinute(Map<String, Long> countsByMinute) {
        TreeMap<Long, Long> perMinute = new TreeMap<>();
        countsByMinute.forEach((minute, count) -> perMinute.put(at(minute).getEpochSecond() / 60, count));
        return perMinute;
    }
}
