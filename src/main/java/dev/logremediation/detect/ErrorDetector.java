package dev.logremediation.detect;

import dev.logremediation.loki.LogEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the errors of one page of entries. Runs on the whole page so that info lines never become Camel exchanges;
 * a line the classifier cannot handle is reported and skipped, never allowed to stop the page.
 */
public final class ErrorDetector {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorDetector.class);

    private final LogClassifier classifier;

    public ErrorDetector(LogClassifier classifier) {
        this.classifier = classifier;
    }

    public List<ErrorEvent> detect(List<LogEntry> entries) {
        List<ErrorEvent> errors = new ArrayList<>();
        for (LogEntry entry : entries) {
            try {
                ErrorEvent error = classifier.classify(entry);
                if (error != null) {
                    errors.add(error);
                }
            } catch (RuntimeException e) {
                LOG.warn("Skipped a line at {} that could not be classified ({}): {}", entry.timestampNanos(),
                        e.getClass().getSimpleName(), SecretMasker.mask(preview(entry.line())));
            }
        }
        return errors;
    }

    private static String preview(String line) {
        String oneLine = line.length() > 200 ? line.substring(0, 200) + "…" : line;
        return oneLine.replaceAll("[\\r\\n\\t]+", " ");
    }
}
