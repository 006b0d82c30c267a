package dev.logremediation.report;

import static dev.logremediation.report.ReportFixtures.API_KEY;
import static dev.logremediation.report.ReportFixtures.blip;
import static dev.logremediation.report.ReportFixtures.chaosIncident;
import static dev.logremediation.report.ReportFixtures.chaosIncidentWithoutRemediation;
import static dev.logremediation.report.ReportFixtures.emptyRun;
import static dev.logremediation.report.ReportFixtures.fullRun;
import static dev.logremediation.report.ReportFixtures.outageIncident;
import static dev.logremediation.report.ReportFixtures.run;
import static dev.logremediation.report.ReportFixtures.throttleIncident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.config.Watch;
import dev.logremediation.incident.IncidentEvent;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentReportWriterTest {

    private static final List<String> SECTIONS = List.of("Summary", "Detection", "Impact", "Timeline", "Response",
            "Root cause", "Resolution", "Prevention", "Action items");

    private final IncidentReportWriter writer = new IncidentReportWriter();

    @Test
    void markdownHasEverySectionInOrderForEachIncident() {
        List<String> incidents = incidentChunks(writer.markdown(fullRun()), "\n## Incident ");

        assertThat(incidents).hasSize(2);
        for (String incident : incidents) {
            assertThat(headingsIn(incident, line -> line.startsWith("### ") ? line.substring(4) : null))
                    .containsExactlyElementsOf(SECTIONS);
        }
    }

    @Test
    void htmlHasEverySectionInOrderForEachIncident() {
        List<String> incidents = incidentChunks(writer.html(fullRun()), "\n<h2>Incident ");

        assertThat(incidents).hasSize(2);
        for (String incident : incidents) {
            assertThat(headingsIn(incident, line -> line.startsWith("<h3>") ? line.substring(4, line.indexOf("</h3>"))
                    : null)).containsExactlyElementsOf(SECTIONS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"md", "html", "json"})
    void apiKeyNeverAppearsButTheMaskedLinkDoes(String format) {
        String report = writer.render(fullRun(), format);

        assertThat(report).doesNotContain(API_KEY).doesNotContain(API_KEY.substring(4, 20))
                .contains("pizza-factory.cs329.click").contains("k3x9q2ab");
        // the key is masked, not dropped: the first 4 characters stay to tell operators apart
        assertThat(report.replace("\\*", "*")).contains("/api/support/0123****/report/k3x9q2ab");
    }

    @Test
    void apiKeyInSignaturesActionsAndQueryIsMaskedToo() {
        String leaky = "https://pizza-factory.cs329.click/api/support/" + API_KEY + "/report/zz";
        IncidentEvent event = chaosIncident().incident();
        Watch watch = new Watch("w", "{app=\"x\"} |= \"" + leaky + "\"", 5, Duration.ofMinutes(1),
                Duration.ofMinutes(5), List.of("a@example.com"), Duration.ofMinutes(30));
        IncidentEvent leakyEvent = new IncidentEvent(event.kind(), watch, event.incidentId(), "svc " + leaky,
                event.firstNanos(), event.lastNanos(), event.count(), event.firingNanos(),
                List.of(Map.entry("factory 500 " + leaky, 3L)), event.linkLines(), List.of(), List.of(leaky),
                event.perMinute(), event.firingCount(), event.at(), event.impact());
        List<TimelineEntry> actions = new ArrayList<>(chaosIncident().actions());
        actions.add(new TimelineEntry(ReportFixtures.at("2026-11-27T10:20:00Z"), "note " + leaky, "detail " + leaky));
        RunReport report = run(List.of(new IncidentRecord(leakyEvent, actions)),
                List.of(new IncidentRecord(leakyEvent, List.of())));

        for (String format : List.of("md", "html", "json")) {
            assertThat(writer.render(report, format)).as(format).doesNotContain(API_KEY)
                    .doesNotContain(API_KEY.substring(4, 20));
        }
    }

    @Test
    void theResponseSectionTellsWhoWasPagedWhoAcknowledgedAndHowSoon() {
        IncidentRecord paged = new IncidentRecord(outageIncident().incident(), List.of(
                new TimelineEntry(ReportFixtures.at("2026-11-27T11:00:21Z"), "FIRING email", "sent to a@example.com"),
                new TimelineEntry(ReportFixtures.at("2026-11-27T11:30:21Z"), "reminder", "reminder 1 sent to a@example.com"),
                new TimelineEntry(ReportFixtures.at("2026-11-27T11:40:21Z"), "escalation",
                        "level 1: b@example.com told; sent to a@example.com, b@example.com"),
                new TimelineEntry(ReportFixtures.at("2026-11-27T11:42:21Z"), "acknowledged",
                        "by b@example.com via reply (ack) at 2026-11-27T11:42:21Z")));

        String response = section(writer.markdown(run(List.of(paged), List.of())), "Response");
        assertThat(response).contains("- **Paged:** 2026-11-27 11:00:21 UTC (2026-11-27 04:00:21 MST), sent to a@example.com",
                "- **Acknowledged:** by b@example.com via reply (ack) at 2026-11-27T11:42:21Z, 42m after the page",
                "- **Reminders:** 1", "- **Escalation:** level 1: b@example.com told");
        assertThat(section(writer.markdown(run(List.of(chaosIncidentWithoutRemediation()), List.of())), "Response"))
                .contains("- **Acknowledged:** no", "- **Reminders:** 0", "- **Escalation:** none");
    }

    private static String section(String markdown, String name) {
        int start = markdown.indexOf("### " + name);
        return markdown.substring(start, markdown.indexOf("\n### ", start + 1));
    }

    @Test
    void dryRunEmailIsNotReportedAsSent() {
        IncidentRecord dryRun = new IncidentRecord(outageIncident().incident(), List.of(new TimelineEntry(
                ReportFixtures.at("2026-11-27T11:00:21Z"), "FIRING email", "dry run: printed, not sent")));

        assertThat(writer.markdown(run(List.of(dryRun), List.of())))
                .contains("- **On-call email:** 2026-11-27 11:00:21 UTC (2026-11-27 04:00:21 MST): dry run: printed,"
                        + " not sent");
        assertThat(writer.markdown(run(List.of(new IncidentRecord(outageIncident().incident(), List.of())),
                List.of()))).contains("- **On-call email:** no FIRING email recorded");
    }

    @Test
    void htmlIsAStandalonePhoneFriendlyPageThatEscapesLogText() {
        String html = writer.html(fullRun());

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<style>");
        assertThat(html).doesNotContain("<script>").doesNotContain("alert('x')")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("odd a|b &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("\r").contains("line one line two");
    }

    @Test
    void markdownEscapesTableCellsAndKeepsLinesWhole() {
        String md = writer.markdown(fullRun());

        assertThat(md).contains("| GET /api/franchise 500 odd a\\|b \\<script\\>alert(1)\\</script\\> | 1 |")
                .doesNotContain("\r").doesNotContain("line one\n");
        // a sample line sits in a fenced block of its own, cut to about 500 characters
        assertThat(md).contains("```\n{\"message\":\"<script>alert('x')</script>\",\"note\":\"line one line two\"}"
                + "\n```");
        assertThat(md).contains("```\n" + "x".repeat(499) + "…\n```").doesNotContain("x".repeat(501));
    }

    @Test
    void perMinuteTableCountsEachMinuteInUtcAndTheConfiguredZone() {
        assertThat(writer.markdown(fullRun()))
                .contains("| Minute (UTC) | Minute (America/Denver) | Errors |")
                .contains("| 2026-11-27 10:13 UTC | 2026-11-27 03:13 MST | 4 |")
                .contains("| 2026-11-27 10:14 UTC | 2026-11-27 03:14 MST | 8 |")
                .contains("| 2026-11-27 11:04 UTC | 2026-11-27 04:04 MST | 21 |");
        assertThat(writer.html(fullRun()))
                .contains("<tr><td>2026-11-27 10:13 UTC</td><td>2026-11-27 03:13 MST</td><td>4</td></tr>");
    }

    @Test
    void timesAreShownInUtcAndInTheConfiguredZone() {
        String md = writer.markdown(fullRun());

        assertThat(md).contains("- **First error:** 2026-11-27 10:13:03 UTC (2026-11-27 03:13:03 MST)")
                .contains("- **Threshold crossed:** 2026-11-27 10:14:10 UTC (2026-11-27 03:14:10 MST)")
                .contains("| 2026-11-27 10:14:15 UTC | 2026-11-27 03:14:15 MST | remediation |");

        String summer = writer.markdown(new RunReport("t", null, null, ZoneId.of("Europe/Berlin"),
                List.of(outageIncident()), List.of(), ReportFixtures.at("2026-07-01T00:00:00Z")));
        assertThat(summer).contains("2026-11-27 11:00:00 UTC (2026-11-27 12:00:00 CET)")
                .contains("| Minute (UTC) | Minute (Europe/Berlin) | Errors |")
                .doesNotContain("Window");
    }

    @Test
    void timelineListsEveryEventInTimeOrder() {
        String chaos = incidentChunks(writer.markdown(fullRun()), "\n## Incident ").get(0);
        String events = chaos.substring(chaos.indexOf("| Time (UTC) |"), chaos.indexOf("### Response"));

        assertThat(Arrays.stream(events.split("\n")).skip(2).map(row -> row.split(" \\| ")[2]))
                .containsExactly("first error", "threshold crossed", "FIRING email", "remediation", "last error",
                        "verification", "RESOLVED email");
    }

    @Test
    void chaosIncidentTellsDetectionImpactResolutionAndEvidence() {
        String chaos = incidentChunks(writer.markdown(fullRun()), "\n## Incident ").get(0);

        assertThat(chaos).startsWith("1: jwt-pizza-service (remediated)")
                .contains("- **Rule:** 5 errors within 1m")
                .contains("{component=\"jwt-pizza-service\", level=\"error\"}")
                .contains("- **On-call email:** 2026-11-27 10:14:11 UTC (2026-11-27 03:14:11 MST): sent to"
                        + " oncall@example.com")
                .contains("- **Failed or degraded orders:** 7 (each order counted once: 7 answers to POST /api/order"
                        + " and 5 factory calls, 5 of them paired (0 by order id, 5 by log time))")
                .contains("- **Orders affected:** 2026-11-27 10:13:03 UTC (2026-11-27 03:13:03 MST) → "
                        + "2026-11-27 10:14:50 UTC (2026-11-27 03:14:50 MST) (1m47s)")
                .contains("- **Failure kind:** server error (5xx): 12 lines")
                .contains("| POST /api/order | 7 |").contains("| factory-request | 5 |")
                .contains("Evidence, not a conclusion")
                .contains("- **Upstream message:** Failed to fulfill order at factory")
                .contains("- **Resolution link host:** pizza-factory.cs329.click")
                .contains("- Fixed by remediation at 2026-11-27 10:14:15 UTC")
                .contains("- Recovery verified by a purchase at 2026-11-27 10:15:30 UTC")
                .doesNotContain("No automatic remediation");
    }

    @Test
    void outageWithoutLinkSaysNoRemediationAndPointsAtTheDatabase() {
        String outage = incidentChunks(writer.markdown(fullRun()), "\n## Incident ").get(1);

        assertThat(outage).startsWith("2: pizza-db-shop (still open)")
                .contains("No automatic remediation.")
                .contains("No resolution link appeared in the logs.")
                .contains("| GET /api/order/menu | 30 |").contains("| unhandledError | 10 |")
                .contains("- **Upstream message:** connect ECONNREFUSED 127.0.0.1:3306")
                .contains("- Not resolved when the report was made: the last error was at 2026-11-27 11:04:59 UTC")
                .contains("- [ ] Database connection refused (127.0.0.1:3306)")
                .contains("- [ ] Check the database at 127.0.0.1:3306")
                .doesNotContain("Fixed by remediation");
    }

    @Test
    void chaosLinkWithoutRemediationSuggestsEnablingIt() {
        String md = writer.markdown(run(List.of(chaosIncidentWithoutRemediation()), List.of()));

        assertThat(md).contains("No automatic remediation.")
                .contains("- [ ] Chaos link present: consider enabling remediation")
                .contains("- No fix was recorded: errors stopped at 2026-11-27 10:14:50 UTC");
    }

    @Test
    void blipIsListedBelowThresholdAndNotAsAnIncident() {
        String md = writer.markdown(fullRun());
        String below = md.substring(md.indexOf("\n## Below threshold (nobody was emailed)\n"));

        assertThat(md).doesNotContain("## Incident 3").doesNotContain("auth-blip (");
        assertThat(md.indexOf("auth-blip")).isGreaterThan(md.indexOf("## Below threshold"));
        assertThat(below).contains("| auth-blip | jwt-pizza-service | 2 "
                + "| 2026-11-27 12:30:00 UTC (2026-11-27 05:30:00 MST) "
                + "| 2026-11-27 12:30:09 UTC (2026-11-27 05:30:09 MST) | PUT /api/auth 500 unknown failure |");
        assertThat(writer.html(fullRun())).contains("<h2>Below threshold (nobody was emailed)</h2>")
                .contains("<td>auth-blip</td>");
    }

    @Test
    void emptyRunSaysNoIncidents() {
        String md = writer.markdown(emptyRun());

        assertThat(md).contains("\nNo incidents.\n").doesNotContain("## Incident ")
                .contains("## Below threshold (nobody was emailed)\n\nNone.");
        assertThat(writer.html(emptyRun())).contains("<p>No incidents.</p>");
        assertThat(writer.markdown(run(List.of(), List.of(blip())))).contains("No incidents.").contains("auth-blip");
    }

    @Test
    void jsonParsesAndHoldsTheFacts() throws Exception {
        JsonNode root = new ObjectMapper().readTree(writer.json(fullRun()));

        assertThat(root.get("reportVersion").asInt()).isEqualTo(2);
        assertThat(root.get("zone").asText()).isEqualTo("America/Denver");
        assertThat(root.at("/windowFrom/utc").asText()).isEqualTo("2026-11-27T10:00:00Z");
        JsonNode chaos = root.at("/incidents/0");
        assertThat(chaos.get("errors").asLong()).isEqualTo(12);
        assertThat(chaos.get("outcome").asText()).isEqualTo("remediated");
        assertThat(chaos.at("/firstError/utc").asText()).isEqualTo("2026-11-27T10:13:03Z");
        assertThat(chaos.at("/firstError/local").asText()).isEqualTo("2026-11-27T03:13:03-07:00");
        assertThat(chaos.at("/firstError/nanos").asLong()).isEqualTo(ReportFixtures.nanos("2026-11-27T10:13:03Z"));
        assertThat(chaos.at("/thresholdCrossed/utc").asText()).isEqualTo("2026-11-27T10:14:10Z");
        assertThat(chaos.at("/signatures/1/name").asText()).isEqualTo("factory-request 500 chaos monkey");
        assertThat(chaos.at("/signatures/1/errors").asLong()).isEqualTo(5);
        assertThat(chaos.at("/perMinute/1/minute/utc").asText()).isEqualTo("2026-11-27T10:14:00Z");
        assertThat(chaos.at("/perMinute/1/errors").asLong()).isEqualTo(8);
        assertThat(chaos.at("/impact/failedOrDegradedOrders").asLong()).isEqualTo(7);
        assertThat(chaos.at("/impact/firstAffected/utc").asText()).isEqualTo("2026-11-27T10:13:03Z");
        assertThat(chaos.at("/impact/kinds/0/name").asText()).isEqualTo("server error (5xx)");
        assertThat(chaos.get("actions")).hasSize(4);
        assertThat(chaos.at("/actions/2/event").asText()).isEqualTo("verification");
        assertThat(chaos.at("/links/0/host").asText()).isEqualTo("pizza-factory.cs329.click");
        assertThat(chaos.at("/links/0/link").asText())
                .isEqualTo("https://pizza-factory.cs329.click/api/support/0123****/report/k3x9q2ab");
        assertThat(root.at("/incidents/1/outcome").asText()).isEqualTo("still open");
        assertThat(root.at("/incidents/1/links")).isEmpty();
        assertThat(root.at("/belowThreshold/0/service").asText()).isEqualTo("auth-blip");
        assertThat(root.at("/belowThreshold/0/errors").asLong()).isEqualTo(2);

        JsonNode empty = new ObjectMapper().readTree(writer.json(emptyRun()));
        assertThat(empty.get("incidents")).isEmpty();
        assertThat(empty.get("belowThreshold")).isEmpty();
    }

    @Test
    void renderPicksTheFormatAndRejectsUnknownOnesWithOneLine() {
        RunReport report = fullRun();

        assertThat(writer.render(report, "md")).isEqualTo(writer.markdown(report));
        assertThat(writer.render(report, "HTML")).isEqualTo(writer.html(report));
        assertThat(writer.render(report, "json")).isEqualTo(writer.json(report));
        assertThatThrownBy(() -> writer.render(report, "pdf\n<b>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown report format \"pdf <b>\": use one of md, html, json");
        assertThatThrownBy(() -> writer.render(report, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("md, html, json");
    }

    @Test
    void utcZoneOrNoZoneStillRenders() {
        RunReport noZone = new RunReport("t", null, null, null, List.of(outageIncident()), List.of(),
                ReportFixtures.at("2026-11-27T12:00:00Z"));
        RunReport utc = new RunReport("t", null, null, ZoneOffset.UTC, List.of(outageIncident()), List.of(),
                ReportFixtures.at("2026-11-27T12:00:00Z"));

        assertThat(writer.markdown(noZone)).isEqualTo(writer.markdown(utc))
                .contains("| Minute (UTC) | Errors |").contains("- **First error:** 2026-11-27 11:00:00 UTC\n");
    }

    @Test
    void aUtcReportShowsEachTimeOnceInOneColumn() {
        RunReport utc = new RunReport("t", null, null, ZoneOffset.UTC, List.of(chaosIncident()), List.of(),
                ReportFixtures.at("2026-11-27T12:00:00Z"));
        String md = writer.markdown(utc);

        assertThat(md).contains("- **Times shown in:** UTC\n").doesNotContain("UTC and UTC")
                .contains("| Minute (UTC) | Errors |\n| --- | --- |\n| 2026-11-27 10:13 UTC | 4 |")
                .contains("| Time (UTC) | Event | Detail |")
                .contains("| Time (UTC) | Action | Result |")
                .contains("| 2026-11-27 10:14:15 UTC | remediation |")
                .contains("- **Busiest minute:** 8 errors at 2026-11-27 10:14 UTC\n")
                .doesNotContain("Time (UTC) | Time (UTC)").doesNotContain("UTC (2026");
        assertThat(writer.html(utc)).contains("<tr><th>Minute (UTC)</th><th>Errors</th></tr>")
                .contains("<tr><td>2026-11-27 10:13 UTC</td><td>4</td></tr>");
        // another zone keeps both columns
        assertThat(writer.markdown(fullRun())).contains("- **Times shown in:** UTC and America/Denver")
                .contains("| Time (UTC) | Time (America/Denver) | Event | Detail |");
    }

    @Test
    void throttleIncidentSaysWhatIsWrongNotZeroFailedOrdersAndNoMessage() {
        String md = writer.markdown(run(List.of(throttleIncident()), List.of()));

        assertThat(md).contains("- **Top signature:** factory-request 200 with chaos link (slow) (6 errors)")
                .contains("- **Failed or degraded orders:** 6 (each order counted once: 6 answers to POST /api/order"
                        + " and 6 factory calls, 6 of them paired (6 by order id, 0 by log time))")
                .contains("- **Orders affected:** 2026-11-27 10:13:00 UTC (2026-11-27 03:13:00 MST) → "
                        + "2026-11-27 10:16:12 UTC (2026-11-27 03:16:12 MST) (3m12s)")
                .contains("- **Failure kind:** slow success with a chaos link (throttle chaos): 12 lines")
                .contains("- **Latency:** up to 32.0 s (average 32.0 s over the lines that tell it)")
                .contains("- **Upstream message:** none in the lines: slow success with a chaos link (throttle chaos)")
                .doesNotContain("at least 0").doesNotContain("Upstream message:** none\n");
    }

    /** The text of each incident, from its heading to the next level-2 heading. */
    private static List<String> incidentChunks(String report, String incidentHeading) {
        List<String> chunks = new ArrayList<>();
        for (int at = report.indexOf(incidentHeading); at >= 0; at = report.indexOf(incidentHeading, at + 1)) {
            int next = report.indexOf(incidentHeading, at + 1);
            int below = report.indexOf(incidentHeading.startsWith("\n##") ? "\n## Below" : "\n<h2>Below", at + 1);
            int end = next >= 0 ? next : below;
            chunks.add(report.substring(at + incidentHeading.length(), end));
        }
        return chunks;
    }

    private static List<String> headingsIn(String text, Function<String, String> heading) {
        return Arrays.stream(text.split("\n")).map(heading).filter(h -> h != null).toList();
    }
}
