package dev.logremediation.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logremediation.detect.FailureKind;
import dev.logremediation.detect.Fingerprint;
import dev.logremediation.incident.Impact;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;
import dev.logremediation.text.Text;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders incident events (FIRING, UPDATE, RESOLVED) into the on-call email with the templates of the event's watch
 * ({@link MessageTemplates}; the model is described in docs/templates.md), and gives the Message-ID / In-Reply-To
 * values that keep one incident in one thread. Everything that came from a log line is cut to one line here and
 * escaped by the HTML templates; nothing from a log line ever becomes a header except, cleaned, the subject's
 * signature.
 */
public final class IncidentEmail {

    static final int MAX_SAMPLE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern OUR_MESSAGE_ID =
            java.util.regex.Pattern.compile("([0-9a-f]{32})@log-remediation>");

    private final String grafanaUrl;
    private final String grafanaDatasource;
    /** Null when remediation is off: then only on-call follows links. */
    private final LinkFollowing following;
    private final MessageTemplates templates;
    private final AckInvitation invitation;

    /**
     * @param following what remediation will do with each link; null when remediation is off
     */
    public IncidentEmail(String grafanaUrl, String grafanaDatasource, LinkFollowing following,
                         MessageTemplates templates) {
        this(grafanaUrl, grafanaDatasource, following, templates, AckInvitation.NONE);
    }

    /**
     * @param following  what remediation will do with each link; null when remediation is off
     * @param invitation how FIRING and UPDATE emails invite their recipients to acknowledge
     */
    public IncidentEmail(String grafanaUrl, String grafanaDatasource, LinkFollowing following,
                         MessageTemplates templates, AckInvitation invitation) {
        this.grafanaUrl = grafanaUrl == null ? "" : grafanaUrl.replaceAll("/+$", "");
        this.grafanaDatasource = grafanaDatasource;
        this.following = following;
        this.templates = templates;
        this.invitation = invitation;
    }

    /** The whole email for an incident event. */
    public OutgoingEmail render(IncidentEvent event) {
        return render(event, true);
    }

    /**
     * The whole email for an incident event.
     *
     * @param remediationRuns false when a silence keeps remediation from the incident's links (--no-remediation):
     *                        the email then announces none, even with remediation enabled
     */
    public OutgoingEmail render(IncidentEvent event, boolean remediationRuns) {
        if (event.kind() == Kind.BELOW_THRESHOLD) {
            throw new IllegalArgumentException("An episode below its threshold is not emailed: " + event.incidentId());
        }
        MessageTemplates.Rendered message = templates.render(event.watch().templates(),
                event.kind().name().toLowerCase(Locale.ROOT), model(event, remediationRuns));
        return new OutgoingEmail(event.watch().recipients(), message.subject(), messageId(event),
                event.kind() == Kind.FIRING ? null : threadId(event), message.text(), message.html(),
                event.incidentId() + "|" + event.kind() + (event.kind() == Kind.UPDATE ? "|" + digest(
                        String.join(" ", event.newLinks())) : ""));
    }

    /** What the FIRING, UPDATE and RESOLVED templates are given (docs/templates.md). */
    Map<String, Object> model(IncidentEvent event) {
        return model(event, true);
    }

    private Map<String, Object> model(IncidentEvent event, boolean remediationRuns) {
        boolean announced = remediationRuns && following != null && offersLinks(event);
        List<Map<String, Object>> links = new ArrayList<>();
        for (Map.Entry<String, String> link : event.linkLines().entrySet()) {
            String whyNot = announced ? following.whyNotFollowed(link.getKey()) : null;
            links.add(MessageModel.of("url", link.getKey(), "line", Text.oneLine(link.getValue(), MAX_SAMPLE),
                    "followedNow", announced && whyNot == null, "notFollowedBecause", whyNot));
        }
        return MessageModel.of(
                "kind", event.kind().name(),
                "incidentId", event.incidentId(),
                "service", Text.clean(event.key()),
                "watch", MessageModel.watch(event.watch()),
                "count", event.count(),
                "firstSeen", Text.utc(event.firstNanos()),
                "lastSeen", Text.utc(event.lastNanos()),
                "duration", Text.duration(event.lastNanos() - event.firstNanos()),
                "failure", failure(event.impact()),
                "orders", event.impact().orders() > 0 ? event.impact().orders() : null,
                "hasLinks", !links.isEmpty(),
                "remediationAnnounced", announced,
                "links", links,
                "topSignature", Text.clean(event.topSignature()),
                "signatures", event.signatures().stream().map(signature -> MessageModel.of(
                        "count", signature.getValue(), "text", Text.clean(signature.getKey()))).toList(),
                "samples", event.samples().stream().map(sample -> MessageModel.of(
                        "line", Text.oneLine(sample, MAX_SAMPLE))).toList(),
                "exploreUrl", exploreUrl(event),
                "acknowledge", offersLinks(event) ? invitation.model(event.incidentId(), event.watch().recipients())
                        : null);
    }

    /** FIRING opens the thread, so its Message-ID is the thread's id; later emails get their own and point to it. */
    public String messageId(IncidentEvent event) {
        return event.kind() == Kind.FIRING ? threadId(event)
                : "<" + event.kind().name().toLowerCase() + "." + event.at().toEpochMilli() + "."
                  + digest(event.incidentId()) + "@log-remediation>";
    }

    /** The FIRING email's Message-ID: derived from the incident id alone, so no state is needed to thread. */
    public String threadId(IncidentEvent event) {
        return threadId(event.incidentId());
    }

    public static String threadId(String incidentId) {
        return "<incident." + threadDigest(incidentId) + "@log-remediation>";
    }

    /** What every Message-ID of the incident's thread carries, right before its "@log-remediation>". */
    public static String threadDigest(String incidentId) {
        return digest(incidentId);
    }

    /**
     * The thread digests named by In-Reply-To or References header values, in their order: a reply to any email of a
     * thread names its FIRING email or another of the thread.
     */
    public static List<String> threadDigestsIn(String headerValues) {
        List<String> digests = new ArrayList<>();
        java.util.regex.Matcher ids = OUR_MESSAGE_ID.matcher(headerValues == null ? "" : headerValues);
        while (ids.find()) {
            if (!digests.contains(ids.group(1))) {
                digests.add(ids.group(1));
            }
        }
        return digests;
    }

    /** The kind of failure most lines show, with the slowest latency they tell of; null when nothing is known. */
    private static Map<String, Object> failure(Impact impact) {
        FailureKind kind = impact.mainKind();
        if (kind == null) {
            return null;
        }
        boolean slow = kind == FailureKind.SLOW_SUCCESS;
        return MessageModel.of("kind", kind.name(), "description", kind.description(),
                "maxLatency", slow && impact.maxLatencyMillis() >= 0 ? Text.latencyMillis(impact.maxLatencyMillis()) : null,
                "chaosLinkAnswer", slow && impact.maxLatencyMillis() < 0);
    }

    /** FIRING and UPDATE emails come before remediation follows their links; RESOLVED comes after it. */
    private static boolean offersLinks(IncidentEvent event) {
        return event.kind() == Kind.FIRING || event.kind() == Kind.UPDATE;
    }

    /** Grafana Explore over the incident's time, a minute either side; its state is JSON in the "left" parameter. */
    private String exploreUrl(IncidentEvent event) {
        if (grafanaUrl.isEmpty()) {
            return null;
        }
        ObjectNode left = JSON.createObjectNode().put("datasource", grafanaDatasource);
        left.putArray("queries").addObject().put("refId", "A").put("expr", event.watch().query());
        left.putObject("range").put("from", Long.toString(event.firstNanos() / 1_000_000 - 60_000))
                .put("to", Long.toString(event.lastNanos() / 1_000_000 + 60_000));
        return grafanaUrl + "/explore?orgId=1&left=" + URLEncoder.encode(left.toString(), StandardCharsets.UTF_8);
    }

    /** Half a fingerprint is plenty to tell incidents apart inside a Message-ID. */
    private static String digest(String text) {
        return Fingerprint.of(text).substring(0, 32);
    }
}
