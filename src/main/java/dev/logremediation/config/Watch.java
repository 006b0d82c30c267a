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
 * @param templates   the template set of the watch's messages: a folder of notify.templates-dir; empty for the
 *                    templates directory's own (and the shipped) templates
 */
public record Watch(String name, String query, int threshold, Duration window, Duration quietPeriod,
                    List<String> recipients, Duration noDataAfter, String templates) implements Serializable {

    public Watch {
        recipients = List.copyOf(recipients);
        templates = templates == null ? "" : templates;
    }

    /** A watch with the shipped templates. */
    public Watch(String name, String query, int threshold, Duration window, Duration quietPeriod,
                 List<String> recipients, Duration noDataAfter) {
        this(name, query, threshold, window, quietPeriod, recipients, noDataAfter, "");
    }
}
