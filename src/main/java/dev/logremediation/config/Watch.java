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
 */
public record Watch(String name, String query, int threshold, Duration window, Duration quietPeriod,
                    List<String> recipients, Duration noDataAfter) implements Serializable {

    public Watch {
        recipients = List.copyOf(recipients);
    }
}
