package dev.logremediation.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logremediation.config.Channel;
import dev.logremediation.config.Watch;
import dev.logremediation.detect.Fingerprint;
import dev.logremediation.incident.IncidentEvent;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The messages an incident event sends to the watch's channels beside email, one per channel, each naming the
 * incident: an Alertmanager-webhook-compatible body for {@code webhook} channels, a Slack incoming-webhook message
 * (text and blocks, the links as buttons) for {@code slack} channels. The summary is the email's subject, so the
 * wording stays in one place. Bodies are built with Jackson; docs/operations.md ("Channels") shows both.
 */
public final class ChannelMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Alertmanager's "not ended yet" (Go's zero time). */
    private static final String NOT_ENDED = "0001-01-01T00:00:00Z";
    /** Slack shows at most 25 elements in an actions block; a few links are what on-call can use. */
    private static final int MAX_BUTTONS = 5;

    private final Function<String, Channel> definitions;
    private final Supplier<Collection<Watch>> watches;
    private final String externalUrl;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /**
     * @param definitions reads a channel's definition by name (config/Settings#channel)
     * @param watches     the watches, to find an incident's channels by its watch's name
     * @param externalUrl the Grafana URL (grafana.url), or blank
     */
    public ChannelMessages(Function<String, Channel> definitions, Supplier<Collection<Watch>> watches,
                           String externalUrl) {
        this.definitions = definitions;
        this.watches = watches;
        this.externalUrl = externalUrl == null ? "" : externalUrl;
    }

    /** FIRING (with its links), UPDATE (with the new link) or RESOLVED, for each channel of the watch beside email. */
    public List<ChannelMessage> forIncident(IncidentEvent event, OutgoingEmail email) {
        Alert alert = new Alert(event.incidentId(), event.watch().name(), event.key(), event.kind().name(),
                event.kind() == IncidentEvent.Kind.RESOLVED, email.subject(),
                Instant.ofEpochSecond(0, event.firstNanos()), event.kind() == IncidentEvent.Kind.RESOLVED ? event.at() : null,
                event.linksToFollow(),
                event.count());
        return messages(event.watch(), alert, email);
    }

    /** The remediation's outcome (its email in the incident's thread), for each channel of the incident's watch. */
    public List<ChannelMessage> forRemediation(String incidentId, String key, OutgoingEmail email) {
        return watchOf(incidentId).map(watch -> messages(watch, new Alert(incidentId, watch.name(), key,
                "REMEDIATION", false, email.subject(), openedAt(incidentId), null, List.of(), 0), email))
                .orElse(List.of());
    }

    /** Whether the incident's watch emails its recipients (a watch no longer configured: yes, as before channels). */
    public boolean emails(String incidentId) {
        return watchOf(incidentId).map(Watch::emails).orElse(true);
    }

    /** The URL to post the message to: a secret, only ever handed to the HTTP client. */
    public String url(ChannelMessage message) {
        return channel(message.channel()).url();
    }

    /** Why a post failed, in one line without the channel's URL. */
    public String failure(ChannelMessage message, Throwable error) {
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        try {
            return channel(message.channel()).mask(text).replaceAll("\\s+", " ");
        } catch (IllegalArgumentException undefined) {
            return undefined.getMessage();
        }
    }

    private Channel channel(String name) {
        return channels.computeIfAbsent(name, definitions);
    }

    private List<ChannelMessage> messages(Watch watch, Alert alert, OutgoingEmail email) {
        return watch.otherChannels().stream().map(name -> {
            Channel channel = channel(name);
            ObjectNode body = channel.type() == Channel.Type.SLACK ? slack(alert) : alertmanager(alert, name);
            return new ChannelMessage(name, alert.incidentId(), alert.summary(), write(body),
                    "channel|" + name + "|" + email.dedupeKey());
        }).toList();
    }

    /** Alertmanager's webhook payload (version 4), one alert per incident, so existing receivers can take it. */
    private ObjectNode alertmanager(Alert alert, String receiver) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "4");
        root.put("groupKey", "{}:{incident=" + JSON.getNodeFactory().textNode(alert.incidentId()) + "}");
        root.put("truncatedAlerts", 0);
        root.put("status", alert.status());
        root.put("receiver", receiver);
        root.putObject("groupLabels").put("incident", alert.incidentId());
        labels(root.putObject("commonLabels"), alert);
        annotations(root.putObject("commonAnnotations"), alert);
        root.put("externalURL", externalUrl);
        ObjectNode one = root.putArray("alerts").addObject();
        one.put("status", alert.status());
        labels(one.putObject("labels"), alert);
        annotations(one.putObject("annotations"), alert);
        one.put("startsAt", alert.startsAt().toString());
        one.put("endsAt", alert.endsAt() == null ? NOT_ENDED : alert.endsAt().toString());
        one.put("generatorURL", externalUrl);
        one.put("fingerprint", Fingerprint.of(alert.incidentId()).substring(0, 16));
        return root;
    }

    private static void labels(ObjectNode labels, Alert alert) {
        labels.put("alertname", "LogErrors");
        labels.put("watch", alert.watch());
        labels.put("key", alert.key());
        labels.put("incident", alert.incidentId());
    }

    private static void annotations(ObjectNode annotations, Alert alert) {
        annotations.put("summary", alert.summary());
        annotations.put("event", alert.event());
        if (alert.errors() > 0) {
            annotations.put("errors", Long.toString(alert.errors()));
        }
        if (!alert.links().isEmpty()) {
            annotations.put("resolutionLinks", String.join(" ", alert.links()));
        }
    }

    /** A Slack incoming-webhook message; Mattermost shows its text (summary, incident, links). */
    private static ObjectNode slack(Alert alert) {
        ObjectNode root = JSON.createObjectNode();
        // the words are the summary's (the subject template); the rest is data: incident id, watch, event, links
        StringBuilder text = new StringBuilder(slackEscape(alert.summary())).append('\n')
                .append(slackEscape(alert.incidentId()));
        alert.links().forEach(link -> text.append('\n').append(slackEscape(link)));
        root.put("text", text.toString());
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode summary = blocks.addObject().put("type", "section");
        summary.putObject("text").put("type", "mrkdwn").put("text", "*" + slackEscape(alert.summary()) + "*");
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", "`"
                + slackEscape(alert.incidentId()) + "` · `" + slackEscape(alert.watch()) + "` · "
                + alert.event().toLowerCase(Locale.ROOT));
        if (!alert.links().isEmpty()) {
            ArrayNode buttons = blocks.addObject().put("type", "actions").putArray("elements");
            List<String> links = alert.links().subList(0, Math.min(MAX_BUTTONS, alert.links().size()));
            for (int i = 0; i < links.size(); i++) {
                ObjectNode button = buttons.addObject().put("type", "button");
                // a button names the link's host (and its number when there are several)
                button.putObject("text").put("type", "plain_text").put("text", host(links.get(i))
                        + (links.size() > 1 ? " #" + (i + 1) : ""));
                button.put("url", links.get(i));
            }
        }
        return root;
    }

    private static String host(String link) {
        try {
            String host = java.net.URI.create(link).getHost();
            return host == null ? link : host;
        } catch (IllegalArgumentException notAUri) {
            return link;
        }
    }

    /** Slack reads &lt;...&gt; as links and mentions: log text must not make one. */
    private static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String write(ObjectNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The incident id is watch/key/opened (incident/Incident#id): the watch's name has no '/'. */
    private java.util.Optional<Watch> watchOf(String incidentId) {
        String name = incidentId.substring(0, Math.max(0, incidentId.indexOf('/')));
        return watches.get().stream().filter(watch -> watch.name().equals(name)).findFirst();
    }

    private static Instant openedAt(String incidentId) {
        try {
            return Instant.ofEpochSecond(0, Long.parseLong(incidentId.substring(incidentId.lastIndexOf('/') + 1)));
        } catch (NumberFormatException e) {
            return Instant.now();
        }
    }

    /** What one message tells, whatever the channel's type. */
    private record Alert(String incidentId, String watch, String key, String event, boolean resolved, String summary,
                         Instant startsAt, Instant endsAt, List<String> links, long errors) {
        String status() {
            return resolved ? "resolved" : "firing";
        }
    }
}
