package dev.logremediation.notify;

import dev.logremediation.detect.Fingerprint;
import dev.logremediation.detect.SecretMasker;

import java.util.List;

/**
 * A rendered email, ready for the send-email route: every header value here was built by this product, never copied
 * from a log line.
 *
 * @param to         recipients
 * @param subject    one line
 * @param messageId  this email's Message-ID
 * @param threadId   the FIRING email's Message-ID, for In-Reply-To and References; null when this email opens the thread
 * @param text       the text/plain part
 * @param html       the text/html part
 * @param dedupeKey  names what this email tells (incident and kind): an email whose key was sent is not sent again
 * @param reportName the file name of an attached incident report, or null
 * @param report     the attached report's Markdown, or null
 */
public record OutgoingEmail(List<String> to, String subject, String messageId, String threadId, String text,
                            String html, String dedupeKey, String reportName, String report) implements OutgoingMessage {

    public OutgoingEmail {
        to = List.copyOf(to);
    }

    public OutgoingEmail(List<String> to, String subject, String messageId, String threadId, String text, String html,
                         String dedupeKey) {
        this(to, subject, messageId, threadId, text, html, dedupeKey, null, null);
    }

    /** The same email to other recipients. */
    public OutgoingEmail withTo(List<String> recipients) {
        return new OutgoingEmail(recipients, subject, messageId, threadId, text, html, dedupeKey, reportName, report);
    }

    /** The same email with an incident report attached. */
    public OutgoingEmail withReport(String name, String markdown) {
        return new OutgoingEmail(to, subject, messageId, threadId, text, html, dedupeKey, name, markdown);
    }

    @Override
    public OutgoingEmail masked() {
        return new OutgoingEmail(to, SecretMasker.mask(subject), messageId, threadId, SecretMasker.mask(text),
                SecretMasker.mask(html), dedupeKey, reportName, report == null ? null : SecretMasker.mask(report));
    }

    /** The key the sent-email ledger stores: a digest of {@code dedupeKey}, short enough for its column. */
    @Override
    public String ledgerKey() {
        return ledgerKeyOf(dedupeKey);
    }

    /** The ledger key of the email whose dedupe key this is. */
    public static String ledgerKeyOf(String dedupeKey) {
        return Fingerprint.of(dedupeKey);
    }

    public String toHeader() {
        return String.join(", ", to);
    }
}
