package dev.logremediation.notify;

import dev.logremediation.detect.FailureKind;
import dev.logremediation.detect.Fingerprint;
import dev.logremediation.incident.Impact;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Renders incident events into the on-call email: a one-line subject, a plain-text part and an HTML part that reads
 * well on a phone, and the Message-ID / In-Reply-To values that keep one incident in one thread. Everything that came
 * from a log line is escaped and truncated here; nothing from a log line ever becomes a header except, cleaned, the
 * subject's signature.
 */
public final class IncidentEmail {

    static final int MAX_SUBJECT = 150;
    static final int MAX_SAMPLE = 500;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String grafanaUrl;
    private final String grafanaDatasource;
    /** Null when remediation is off: then only on-call follows links. */
    private final LinkFollowing following;

    /** An email for a product whose remediation is off. */
    public IncidentEmail(String grafanaUrl, String grafanaDatasource) {
        this(grafanaUrl, grafanaDatasource, null);
    }

    /** @param following what remediation will do with each link; null when remediation is off */
    public IncidentEmail(String grafanaUrl, String grafanaDatasource, LinkFollowing following) {
        this.grafanaUrl = grafanaUrl == null ? "" : grafanaUrl.replaceAll("/+$", "");
        this.grafanaDatasource = grafanaDatasource;
        this.following = following;
    }

    /** The whole email for an incident event. */
    public OutgoingEmail render(IncidentEvent event) {
        return new OutgoingEmail(event.watch().recipients(), subject(event), messageId(event),
                event.kind() == Kind.FIRING ? null : threadId(event), text(event), html(event),
                event.incidentId() + "|" + event.kind() + (event.kind() == Kind.UPDATE ? "|" + digest(
                        String.join(" ", event.newLinks())) : ""));
    }

    public String subject(IncidentEvent event) {
        String service = event.key();
        String subject = switch (event.kind()) {
            case FIRING -> "[FIRING] " + service + ": " + event.count() + " errors in " + human(event.watch().window());
            case UPDATE -> "[UPDATE] " + service + ": new resolution link";
            case RESOLVED -> "[RESOLVED] " + service + ": " + event.count() + " errors over "
                    + human(Duration.ofNanos(event.lastNanos() - event.firstNanos()));
            case BELOW_THRESHOLD -> "[BELOW THRESHOLD] " + service + ": " + event.count() + " errors";
        } + " - " + event.topSignature();
        return subjectLine(subject);
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
        return "<incident." + digest(incidentId) + "@log-remediation>";
    }

    public String text(IncidentEvent event) {
        StringBuilder out = new StringBuilder(2048);
        out.append(headline(event)).append("\n\n");
        out.append("Service:    ").append(clean(event.key())).append('\n');
        out.append("Watch:      ").append(event.watch().name()).append('\n');
        out.append("First seen: ").append(time(event.firstNanos())).append('\n');
        out.append("Last seen:  ").append(time(event.lastNanos())).append('\n');
        out.append("Errors:     ").append(event.count()).append('\n');
        String failure = failure(event.impact());
        if (failure != null) {
            out.append("Failure:    ").append(failure).append('\n');
        }
        if (event.impact().orders() > 0) {
            out.append("Orders:     ").append(event.impact().orders()).append(" failed or degraded\n");
        }
        out.append('\n');
        if (!event.linkLines().isEmpty()) {
            out.append(following == null || !offersLinks(event) ? "Resolution links (opening one ends the chaos):\n"
                    : "Resolution links:\n");
            for (Map.Entry<String, String> link : event.linkLines().entrySet()) {
                out.append("  ").append(link.getKey()).append('\n');
                String remediation = remediation(event, link.getKey());
                if (remediation != null) {
                    out.append("    ").append(remediation).append('\n');
                }
                out.append("    from: ").append(oneLine(link.getValue(), MAX_SAMPLE)).append('\n');
            }
            out.append('\n');
        }
        out.append("Signatures:\n");
        for (Map.Entry<String, Long> signature : event.signatures()) {
            out.append("  ").append(signature.getValue()).append(" x ").append(clean(signature.getKey())).append('\n');
        }
        out.append("\nSample lines:\n");
        for (String sample : event.samples()) {
            out.append("  ").append(oneLine(sample, MAX_SAMPLE)).append('\n');
        }
        out.append("\nSee them in Loki (LogQL):\n  ").append(event.watch().query()).append('\n');
        String explore = exploreUrl(event);
        if (explore != null) {
            out.append("Grafana Explore: ").append(explore).append('\n');
        }
        return out.toString();
    }

    public String html(IncidentEvent event) {
        StringBuilder out = new StringBuilder(4096);
        String color = switch (event.kind()) {
            case FIRING -> "#b00020";
            case UPDATE -> "#b26a00";
            case RESOLVED -> "#1b7f3b";
            case BELOW_THRESHOLD -> "#555555";
        };
        out.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>")
                .append("<body style=\"font-family:-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:12px;")
                .append("max-width:640px;font-size:16px;line-height:1.4\">");
        out.append("<h2 style=\"color:").append(color).append(";margin:0 0 12px\">").append(escape(headline(event)))
                .append("</h2>");
        out.append("<table style=\"border-collapse:collapse\">");
        row(out, "Service", event.key());
        row(out, "First seen", time(event.firstNanos()));
        row(out, "Last seen", time(event.lastNanos()));
        row(out, "Errors", Long.toString(event.count()));
        String failure = failure(event.impact());
        if (failure != null) {
            row(out, "Failure", failure);
        }
        if (event.impact().orders() > 0) {
            row(out, "Orders", event.impact().orders() + " failed or degraded");
        }
        out.append("</table>");
        if (!event.linkLines().isEmpty()) {
            out.append("<h3>Resolution links</h3>");
            if (following == null || !offersLinks(event)) {
                out.append("<p>Opening a link ends the chaos.</p>");
            }
            for (Map.Entry<String, String> link : event.linkLines().entrySet()) {
                String remediation = remediation(event, link.getKey());
                if (remediation != null) {
                    out.append("<p><strong>").append(escape(remediation)).append("</strong></p>");
                }
                out.append("<p><a href=\"").append(escape(link.getKey()))
                        .append("\" style=\"display:inline-block;padding:10px 14px;background:#0b57d0;color:#fff;")
                        .append("border-radius:6px;text-decoration:none;word-break:break-all\">")
                        .append(escape(link.getKey())).append("</a></p>")
                        .append("<pre style=\"white-space:pre-wrap;word-break:break-all;font-size:12px;")
                        .append("background:#f4f4f4;padding:6px\">").append(escape(oneLine(link.getValue(), MAX_SAMPLE)))
                        .append("</pre>");
            }
        }
        out.append("<h3>Signatures</h3><ul>");
        for (Map.Entry<String, Long> signature : event.signatures()) {
            out.append("<li>").append(signature.getValue()).append(" &times; ").append(escape(signature.getKey()))
                    .append("</li>");
        }
        out.append("</ul><h3>Sample lines</h3>");
        for (String sample : event.samples()) {
            out.append("<pre style=\"white-space:pre-wrap;word-break:break-all;font-size:12px;background:#f4f4f4;")
                    .append("padding:6px\">").append(escape(oneLine(sample, MAX_SAMPLE))).append("</pre>");
        }
        out.append("<h3>See them in Loki</h3><pre style=\"white-space:pre-wrap\">").append(escape(event.watch().query()))
                .append("</pre>");
        String explore = exploreUrl(event);
        if (explore != null) {
            out.append("<p><a href=\"").append(escape(explore)).append("\">Open in Grafana Explore</a></p>");
        }
        return out.append("</body></html>").toString();
    }

    private String headline(IncidentEvent event) {
        return switch (event.kind()) {
            case FIRING -> "FIRING: " + clean(event.key()) + " logged " + event.count() + " errors within "
                    + human(event.watch().window()) + " (threshold " + event.watch().threshold() + ")";
            case UPDATE -> "UPDATE: a new resolution link appeared for " + clean(event.key());
            case RESOLVED -> "RESOLVED: no error from " + clean(event.key()) + " for "
                    + human(event.watch().quietPeriod()) + "; " + event.count() + " errors in total over "
                    + human(Duration.ofNanos(event.lastNanos() - event.firstNanos()));
            case BELOW_THRESHOLD -> "Below threshold: " + event.count() + " errors of " + clean(event.key());
        };
    }

    /** The kind of failure most lines show, with the slowest latency they tell of; null when nothing is known. */
    private static String failure(Impact impact) {
        FailureKind kind = impact.mainKind();
        if (kind == null) {
            return null;
        }
        if (kind != FailureKind.SLOW_SUCCESS) {
            return kind.description();
        }
        return kind.description() + (impact.maxLatencyMillis() < 0 ? ", answered with a chaos link"
                : ", answered after up to " + String.format(Locale.ROOT, "%.1f s", impact.maxLatencyMillis() / 1000.0));
    }

    /** FIRING and UPDATE emails come before remediation follows their links; RESOLVED comes after it. */
    private static boolean offersLinks(IncidentEvent event) {
        return event.kind() == Kind.FIRING || event.kind() == Kind.UPDATE;
    }

    /**
     * What remediation does with the link, said in the emails that precede it: it follows it now (and a second
     * email tells the outcome), or it will not, and why. Null when remediation is off or the email comes after it.
     */
    private String remediation(IncidentEvent event, String link) {
        if (following == null || !offersLinks(event)) {
            return null;
        }
        String whyNot = following.whyNotFollowed(link);
        return whyNot == null
                ? "log-remediation is following this link now; a second email in this thread will report the outcome."
                : "Not followed automatically: " + whyNot + ". Opening it ends the chaos.";
    }

    private String exploreUrl(IncidentEvent event) {
        if (grafanaUrl.isEmpty()) {
            return null;
        }
        long fromMs = event.firstNanos() / 1_000_000 - 60_000;
        long toMs = event.lastNanos() / 1_000_000 + 60_000;
        String left = "{\"datasource\":\"" + jsonEscape(grafanaDatasource) + "\",\"queries\":[{\"refId\":\"A\",\"expr\":\""
                + jsonEscape(event.watch().query()) + "\"}],\"range\":{\"from\":\"" + fromMs + "\",\"to\":\"" + toMs + "\"}}";
        return grafanaUrl + "/explore?orgId=1&left=" + URLEncoder.encode(left, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append("<tr><td style=\"padding:2px 12px 2px 0;color:#555\">").append(name).append("</td><td>")
                .append(escape(value)).append("</td></tr>");
    }

    public static String time(long nanos) {
        return UTC.format(Instant.ofEpochSecond(0, nanos));
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds % 60 == 0 ? seconds / 60 + "m" : seconds / 60 + "m" + seconds % 60 + "s";
        }
        return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
    }

    /**
     * A subject: one line of at most {@value #MAX_SUBJECT} characters, where log text cannot smuggle an RFC 2047
     * encoded word ({@code =?us-ascii?Q?=0D=0ABcc:...?=}) that a mail client would decode into a fake header.
     */
    public static String subjectLine(String subject) {
        return oneLine(subject.replace("=?", "= ?"), MAX_SUBJECT);
    }

    /** One line, without control, bidi or zero-width characters, at most {@code max} characters. */
    public static String oneLine(String text, int max) {
        String cleaned = clean(text);
        return cleaned.length() <= max ? cleaned : cleaned.substring(0, max - 1) + "…";
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean invisible = Character.isISOControl(c) || (c >= '\u200b' && c <= '\u200f')
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\ufeff';
            if (invisible || Character.isWhitespace(c)) {
                if (!space && out.length() > 0) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString().strip();
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Half a fingerprint is plenty to tell incidents apart inside a Message-ID. */
    private static String digest(String text) {
        return Fingerprint.of(text).substring(0, 32);
    }
}
