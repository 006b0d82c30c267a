package dev.logremediation.notify;

import dev.logremediation.config.Watch;
import dev.logremediation.loki.Survey;
import dev.logremediation.detect.FailureKind;
import dev.logremediation.incident.Impact;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;
import dev.logremediation.loki.PollWatchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sample of each message kind, built by the same code as the real models: a full one (every optional field
 * present, every list filled) and a sparse one (every optional field null, every list empty), so that validate
 * renders each part of every template, its sections and its inverted sections, once.
 */
public final class MessageSamples {

    static final String LINK = "https://pizza-factory.cs329.click/api/support/0123****/report/k3x9q2ab";
    private static final String REFUSED = "https://elsewhere.example/api/support/0123****/report/k3x9q2ab";
    private static final Instant AT = Instant.parse("2026-11-27T10:15:03Z");
    private static final long NANOS = AT.getEpochSecond() * 1_000_000_000L;
    private static final String LINE = "{\"level\":\"error\",\"statusCode\":500,\"responseBody\":{\"message\":"
            + "\"chaos monkey\",\"reportUrl\":\"" + LINK + "\"}}";

    /** Both ways to acknowledge, a link for each recipient. */
    private static final AckInvitation INVITED = new AckInvitation() {
        @Override
        public boolean byReply() {
            return true;
        }

        @Override
        public List<AckLink> links(String incidentId, List<String> recipients) {
            return recipients.stream().map(to -> new AckLink(to, "https://oncall.example.com/oncall/ack?token=t"))
                    .toList();
        }
    };

    private MessageSamples() {
    }

    /** Every kind of {@link MessageTemplates#KINDS}, with its full and its sparse sample. */
    public static Map<String, List<Map<String, Object>>> all(String templates) {
        Watch watch = new Watch("jwt-pizza-service", "{component=\"jwt-pizza-service\"}", 5, Duration.ofSeconds(60),
                Duration.ofSeconds(60), List.of("oncall@example.com"), Duration.ofMinutes(10), List.of(dev.logremediation.config.Channel.EMAIL),
                templates, true, null, null);
        IncidentEmail full = new IncidentEmail("https://grafana.example.com", "loki",
                link -> link.equals(LINK) ? null : "host elsewhere.example is not in remediation.allowed-hosts", null,
                INVITED);
        IncidentEmail sparse = new IncidentEmail("", "loki", null, null);
        Map<String, List<Map<String, Object>>> samples = new LinkedHashMap<>();
        for (Kind kind : List.of(Kind.FIRING, Kind.UPDATE, Kind.RESOLVED)) {
            samples.put(kind.name().toLowerCase(), List.of(full.model(event(kind, watch, true)),
                    sparse.model(event(kind, watch, false))));
        }
        RemediationSummary failed = remediation(templates, "STALE_LINK", false,
                new RemediationSummary.Verification(false, false, "CHAOS_LINK_IN_ANSWER", "the order answered with a"
                        + " chaos link", List.of(new RemediationSummary.Step("POST", "/api/order", 200, 840))));
        RemediationSummary unverified = remediation(templates, "UNKNOWN", false, null);
        for (String kind : List.of("remediated", "remediation-failed", "remediation-unknown", "remediation-verifying")) {
            samples.put(kind, List.of(RemediationEmail.model(failed, kind), RemediationEmail.model(unverified, kind)));
        }
        WatchdogEmail watchdog = new WatchdogEmail("http://loki:3100", null);
        samples.put("blind", List.of(watchdog.model(new PollWatchdog.Change(watch, true, AT.minusSeconds(300), AT))));
        samples.put("restored", List.of(watchdog.model(new PollWatchdog.Change(watch, false, AT.minusSeconds(300),
                AT))));
        for (boolean noData : List.of(true, false)) {
            samples.put(noData ? "no-data" : "data-back", List.of(
                    NoDataEmail.model(watch, noData, AT.minusSeconds(900), "http://loki:3100",
                            NoDataEmail.survey("1h", true, "2026-11-27 09:58:41.000 UTC", Survey.answered(watch,
                                    Duration.ofHours(1), List.of(), List.of("component", "level"),
                                    Map.of("component", List.of("jwt-pizza-servce"))))),
                    NoDataEmail.model(watch, noData, AT.minusSeconds(900), "http://loki:3100",
                            NoDataEmail.survey("1h", false, null, Survey.failed(watch, Duration.ofHours(1),
                                    "HTTP 503"))),
                    NoDataEmail.model(watch, noData, AT.minusSeconds(900), "http://loki:3100", null)));
        }
        for (String kind : List.of("reminder", "escalation", "acknowledged")) {
            // an escalation that tells someone new carries the incident's FIRING fields
            samples.put(kind, List.of(OnCallEmail.model(onCall(kind, watch, "resolve"), INVITED,
                            kind.equals("escalation") ? full.model(event(Kind.FIRING, watch, true)) : null),
                    OnCallEmail.model(onCall(kind, watch, null), AckInvitation.NONE, null)));
        }
        return samples;
    }

    /** Every page of {@link MessageTemplates#PAGES}: asking, answered, and refused (no incident). */
    public static Map<String, List<Map<String, Object>>> pages() {
        AckPageModel.Incident incident = new AckPageModel.Incident("jwt-pizza-service/jwt-pizza-service/1",
                "jwt-pizza-service", "jwt-pizza-service", AT, List.of("oncall@example.com", "team@example.com"),
                "firing, not acknowledged; 2 reminders sent");
        return Map.of("ack-page", List.of(
                new AckPageModel("Acknowledge incident jwt-pizza-service?", "As oncall@example.com: reminders and"
                        + " escalation stop.", incident, "t.o.ken").fields(),
                new AckPageModel("Acknowledged by oncall@example.com", "at 2026-11-27 10:45:03.000 UTC", incident,
                        null).fields(),
                new AckPageModel("This link is not valid", "It was forged, or its incident has ended.", null, null)
                        .fields()));
    }

    private static OnCallNotice onCall(String kind, Watch watch, String command) {
        boolean full = command != null;
        return new OnCallNotice(kind, "jwt-pizza-service/jwt-pizza-service/1", "jwt-pizza-service", watch,
                List.of("oncall@example.com"), AT, AT.plusSeconds(1800), kind.equals("acknowledged") ? 0 : 2,
                full && kind.equals("escalation") ? List.of("team@example.com") : List.of(),
                kind.equals("acknowledged") ? "oncall@example.com" : null, kind.equals("acknowledged") ? "reply" : null,
                kind.equals("acknowledged") ? command : null);
    }

    private static IncidentEvent event(Kind kind, Watch watch, boolean full) {
        Map<String, String> links = new LinkedHashMap<>();
        if (full) {
            links.put(LINK, LINE);
            links.put(REFUSED, LINE.replace(LINK, REFUSED));
        }
        Impact impact = full ? new Impact(Map.of(FailureKind.SLOW_SUCCESS, 7L), 3, 3, 0, 0, 0, NANOS, NANOS, 7, 8200,
                30_000) : Impact.NONE;
        return new IncidentEvent(kind, watch, "jwt-pizza-service/jwt-pizza-service/1", "jwt-pizza-service", NANOS,
                NANOS + 42_000_000_000L, 7, NANOS + 12_000_000_000L,
                full ? List.of(Map.entry("POST /api/order 500 chaos monkey", 7L)) : List.of(), links,
                full ? List.of(REFUSED) : List.of(), full ? List.of(LINE) : List.of(), new TreeMap<>(), 5, AT,
                impact);
    }

    private static RemediationSummary remediation(String templates, String outcome, boolean ended,
                                                  RemediationSummary.Verification verification) {
        return new RemediationSummary("jwt-pizza-service/jwt-pizza-service/1|FIRING",
                "jwt-pizza-service/jwt-pizza-service/1", "jwt-pizza-service", List.of("oncall@example.com"), templates,
                List.of(new RemediationSummary.LinkTried(outcome, ended, LINK, "Problem unresolved")), verification,
                verification == null ? List.of() : List.of(LINK));
    }
}
