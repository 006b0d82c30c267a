package dev.logremediation.sandbox;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real mail server (GreenMail) on 127.0.0.1 and free ports, for the demo and the tests: SMTP that the product sends
 * to, and IMAP with the product's own mailbox ({@link #PRODUCT_ADDRESS}, mail.from) that replies are delivered to.
 */
public final class SandboxMail implements AutoCloseable {

    /** The product's address (mail.from) and the mailbox it reads replies from. */
    public static final String PRODUCT_ADDRESS = "log-remediation@localhost";
    public static final String PRODUCT_LOGIN = "log-remediation";
    public static final String PRODUCT_PASSWORD = "sandbox-imap";

    /** A message in the product's mailbox, as the server keeps it. */
    public record Mailed(String messageId, String subject, boolean seen) {
    }

    private static final AtomicInteger REPLIES = new AtomicInteger();

    private GreenMail greenMail;
    private final int port;
    private final int imapPort;
    private final java.util.List<MimeMessage> earlier = new java.util.ArrayList<>();

    private SandboxMail(GreenMail greenMail) {
        this.greenMail = greenMail;
        this.port = greenMail.getSmtp().getPort();
        this.imapPort = greenMail.getImap().getPort();
    }

    public static SandboxMail start() {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        greenMail.start();
        greenMail.setUser(PRODUCT_ADDRESS, PRODUCT_LOGIN, PRODUCT_PASSWORD);
        return new SandboxMail(greenMail);
    }

    /**
     * Starts the servers again on the same ports after {@link #stop()}, as an SMTP outage ending; the mail received is
     * kept ({@link #received()}), the product's mailbox starts empty.
     */
    public synchronized void restart() {
        greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        greenMail.setUser(PRODUCT_ADDRESS, PRODUCT_LOGIN, PRODUCT_PASSWORD);
    }

    public int port() {
        return port;
    }

    public int imapPort() {
        return imapPort;
    }

    /** The settings that make the product read its replies from this server (oncall.imap.*). */
    public Map<String, String> imapSettings() {
        return Map.of("oncall.imap.host", "127.0.0.1",
                "oncall.imap.protocol", "imap",
                "oncall.imap.port", Integer.toString(imapPort),
                "oncall.imap.user", PRODUCT_LOGIN,
                "oncall.imap.password", PRODUCT_PASSWORD,
                "oncall.imap.folder", "INBOX",
                "oncall.imap.poll-interval", "300");
    }

    /** What the product's mailbox holds now, oldest first, with whether each was marked seen. */
    public synchronized List<Mailed> inbox() {
        try {
            GreenMailUser product = greenMail.getUserManager().getUser(PRODUCT_LOGIN);
            return greenMail.getManagers().getImapHostManager().getInbox(product).getMessages().stream()
                    .map(SandboxMail::mailed).toList();
        } catch (FolderException e) {
            throw new IllegalStateException("The product's mailbox: " + e.getMessage(), e);
        }
    }

    private static Mailed mailed(StoredMessage stored) {
        try {
            MimeMessage message = stored.getMimeMessage();
            return new Mailed(message.getMessageID(), message.getSubject(), stored.isSet(Flags.Flag.SEEN));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Delivers {@code from}'s reply to an email the product sent into the product's mailbox, threaded as a mail
     * program threads it: In-Reply-To the email's Message-ID, References its References and its Message-ID.
     *
     * @return the reply's Message-ID
     */
    public String reply(MimeMessage to, String from, String text) {
        return reply(to, from, text, null);
    }

    /**
     * As {@link #reply(MimeMessage, String, String)}, the way a mail program with HTML mail sends it: text and HTML as
     * multipart/alternative, or HTML alone when {@code text} is null.
     */
    public String reply(MimeMessage to, String from, String text, String html) {
        try {
            String messageId = to.getMessageID();
            String references = to.getHeader("References", " ");
            String subject = to.getSubject();
            return deliver(from, subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject,
                    messageId, references == null ? messageId : references + " " + messageId, text, html);
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot reply to " + subject(to) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Delivers a plain-text email from {@code from} into the product's mailbox.
     *
     * @param inReplyTo  its In-Reply-To header; null for none
     * @param references its References header; null for none
     * @return its Message-ID
     */
    public String deliver(String from, String subject, String inReplyTo, String references, String text) {
        return deliver(from, subject, inReplyTo, references, text, null);
    }

    private synchronized String deliver(String from, String subject, String inReplyTo, String references,
                                        String text, String html) {
        String messageId = "<reply." + REPLIES.incrementAndGet() + "." + System.nanoTime() + "@sandbox.local>";
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            message.setFrom(new InternetAddress(from));
            message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(PRODUCT_ADDRESS));
            message.setSubject(subject);
            if (inReplyTo != null) {
                message.setHeader("In-Reply-To", inReplyTo);
            }
            if (references != null) {
                message.setHeader("References", references);
            }
            message.setSentDate(new java.util.Date());
            if (html == null) {
                message.setText(text, "UTF-8");
            } else if (text == null) {
                message.setText(html, "UTF-8", "html");
            } else {
                MimeMultipart alternative = new MimeMultipart("alternative");
                MimeBodyPart plain = new MimeBodyPart();
                plain.setText(text, "UTF-8");
                MimeBodyPart rich = new MimeBodyPart();
                rich.setText(html, "UTF-8", "html");
                alternative.addBodyPart(plain);
                alternative.addBodyPart(rich);
                message.setContent(alternative);
            }
            message.saveChanges();
            greenMail.getUserManager().getUser(PRODUCT_LOGIN).deliver(message);
            return messageId;
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot deliver \"" + subject + "\": " + e.getMessage(), e);
        }
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
