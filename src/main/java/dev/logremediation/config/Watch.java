package dev.logremediation.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * One watched service, as declared by a templatedRoute in routes/watches.camel.yaml.
 *
 * @param name        names the watch in emails, state files and logs
 * @param query       the LogQL that selects the service's lines
 * @param threshold   errors of one key within {@code window} (by log timestamp) that open an incident
 * @param window      see threshold
 * @param quietPeriod an incident resolves after this long without an error of its key
 * @param recipients  who is emailed
 * @param noDataAfter polls that succeed but read no line for this long tell on-call (NO DATA); zero: never
 * @param channels    where incident events go: {@value Channel#EMAIL} (the recipients) and channels defined by
 *                    channel.&lt;name&gt;.*
 * @param templates   the template set of the watch's messages: a folder of notify.templates-dir; empty for the
 *                    templates directory's own (and the shipped) templates
 * @param pushDown    whether Loki is asked only for the lines that can be errors (see loki.ReadPlan); false reads
 *                    every line the query selects
 * @param remindEvery how often an unacknowledged incident of the watch reminds its recipients (zero: never); null:
 *                    oncall.remind-every
 * @param escalation  the watch's escalation levels, as oncall.escalation is written (empty: none); null:
 *                    oncall.escalation
 */
public record Watch(String name, String query, int threshold, Duration window, Duration quietPeriod,
                    List<String> recipients, Duration noDataAfter, List<String> channels, String templates,
                    boolean pushDown, Duration remindEvery, String escalation) implements Serializable {

    public Watch {
        recipients = List.copyOf(recipients);
        channels = List.copyOf(channels);
        templates = templates == null ? "" : templates;
    }

    /** A watch that tells only its recipients, by email, with the shipped templates and on-call timers. */
    public Watch(String name, String query, int threshold, Duration window, Duration quietPeriod,
                 List<String> recipients, Duration noDataAfter) {
        this(name, query, threshold, window, quietPeriod, recipients, noDataAfter, List.of(Channel.EMAIL), "", true,
                null, null);
    }

    /** The same watch emailing these recipients instead. */
    public Watch withRecipients(List<String> to) {
        return new Watch(name, query, threshold, window, quietPeriod, to, noDataAfter, channels, templates, pushDown,
                remindEvery, escalation);
    }

    /** Whether the recipients are emailed. */
    public boolean emails() {
        return channels.contains(Channel.EMAIL);
    }

    /** The channels beside email. */
    public List<String> otherChannels() {
        return channels.stream().filter(channel -> !channel.equals(Channel.EMAIL)).toList();
    }
}
