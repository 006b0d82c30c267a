package dev.logremediation.notify;

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
 */
public record OutgoingEmail(List<String> to, String subject, String messageId, String threadId, String text,
                            String html) {

    public OutgoingEmail {
        to = List.copyOf(to);
    }

    public String toHeader() {
        return String.join(", ", to);
    }
}
