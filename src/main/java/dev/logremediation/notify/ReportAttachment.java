package dev.logremediation.notify;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;

import java.nio.charset.StandardCharsets;

/** Attaches an email's incident report (Markdown) to the message camel-mail sends. */
public final class ReportAttachment {

    public void attach(Exchange exchange) {
        OutgoingEmail email = exchange.getProperty("email", OutgoingEmail.class);
        if (email.report() != null) {
            exchange.getIn(AttachmentMessage.class).addAttachment(email.reportName(), new DataHandler(
                    new ByteArrayDataSource(email.report().getBytes(StandardCharsets.UTF_8),
                            "text/markdown; charset=UTF-8")));
        }
    }
}
