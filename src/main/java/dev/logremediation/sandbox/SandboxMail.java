package dev.logremediation.sandbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.List;

/** A real SMTP server (GreenMail) on 127.0.0.1 and a free port, for the demo and the tests. */
public final class SandboxMail implements AutoCloseable {

    private GreenMail greenMail;
    private final int port;
    private final java.util.List<MimeMessage> earlier = new java.util.ArrayList<>();

    private SandboxMail(GreenMail greenMail) {
        this.greenMail = greenMail;
        this.port = greenMail.getSmtp().getPort();
    }

    public static SandboxMail start() {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        return new SandboxMail(greenMail);
    }

    /** Starts the server again on the same port after {@link #stop()}, as an SMTP outage ending; mail is kept. */
    public synchronized void restart() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public int port() {
        return port;
    }

    /** Every message received, before and after restarts. */
    public synchronized List<MimeMessage> received() {
        List<MimeMessage> all = new java.util.ArrayList<>(earlier);
        all.addAll(List.of(greenMail.getReceivedMessages()));
        return all;
    }

    /** Stops accepting mail (connections are refused), keeping what was received. */
    public synchronized void stop() {
        earlier.addAll(List.of(greenMail.getReceivedMessages()));
        greenMail.stop();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /** The first part of the given type (text/plain, text/html) in a message, searching nested multiparts. */
    public static String part(Part message, String mimeType) {
        try {
            if (message.isMimeType(mimeType)) {
                Object content = message.getContent();
                // JavaMail gives text/plain and text/html as strings, other text types (markdown) as streams
                return content instanceof String text ? text
                        : new String(message.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (message.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) message.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    String found = part(body, mimeType);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Unreadable message part: " + e.getMessage(), e);
        }
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
