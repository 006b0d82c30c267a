package dev.logremediation.oncall;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads one reply from the product's mailbox (routes/oncall-replies.camel.yaml): the incident it answers, by its
 * In-Reply-To and References; who sent it, by its From; and what it asks, by its first word ({@link ReplyCommand}).
 * Whether that person may acknowledge is {@link OnCallLoop#acknowledge}'s to decide.
 */
public final class ReplyReader {

    /**
     * One reply, read.
     *
     * @param page    the incident's page; null when the reply answers no incident of ours
     * @param from    the sender's address, lower case
     * @param command what it asks; null when its first word asks nothing
     * @param problem one line saying why it cannot be taken; null when it can go on to be acknowledged
     */
    public record Reply(Page page, String from, ReplyCommand command, String problem) {
    }

    private final OnCallLoop loop;

    public ReplyReader(OnCallLoop loop) {
        this.loop = loop;
    }

    /**
     * @param from       the From header
     * @param inReplyTo  the In-Reply-To header, or null
     * @param references the References header, or null
     * @param text       the reply's text
     */
    public Reply read(String from, String inReplyTo, String references, String text) {
        String sender = address(from);
        Optional<Page> page = loop.pageOfReply(inReplyTo, references);
        if (page.isEmpty()) {
            return new Reply(null, sender, null, "the reply from " + sender + " answers no incident of ours (its"
                    + " thread " + oneLine(inReplyTo) + " is unknown here)");
        }
        Optional<ReplyCommand> command = ReplyCommand.of(text);
        if (command.isEmpty()) {
            return new Reply(page.get(), sender, null, "the reply from " + sender + " to incident "
                    + page.get().incidentId() + " asks nothing: its first word is none of ack, resolve,"
                    + " silence DURATION");
        }
        return new Reply(page.get(), sender, command.get(), null);
    }

    /** The bare address of a From header ("Ann <ann@example.com>" gives ann@example.com), lower case. */
    static String address(String from) {
        if (from == null || from.isBlank()) {
            return "(no sender)";
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(from, false);
            if (addresses.length > 0 && addresses[0].getAddress() != null) {
                return oneLine(addresses[0].getAddress()).toLowerCase(Locale.ROOT);
            }
        } catch (AddressException unparseable) {
            // said as it came, on one line
        }
        return oneLine(from).toLowerCase(Locale.ROOT);
    }

    /** A header's value for one log line: no line breaks or control characters, at most 200 characters. */
    private static String oneLine(String value) {
        if (value == null) {
            return "(none)";
        }
        String flat = value.replaceAll("\\p{Cntrl}+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
