package dev.logremediation.notify;

import java.util.List;

/**
 * How an email invites its recipients to acknowledge the incident (docs/oncall.md, "Acknowledge"): by replying "ack"
 * when the product reads a mailbox (oncall.imap.host), and by a signed link each when oncall.public-url is set.
 * Implemented by oncall/AckTokens.
 */
public interface AckInvitation {

    /** One recipient's own link: it acknowledges as that recipient. */
    record AckLink(String recipient, String url) {
    }

    AckInvitation NONE = new AckInvitation() {
        @Override
        public boolean byReply() {
            return false;
        }

        @Override
        public List<AckLink> links(String incidentId, List<String> recipients) {
            return List.of();
        }
    };

    /** Whether a reply "ack" is read. */
    boolean byReply();

    /** Each recipient's link, or none when no public URL is set. */
    List<AckLink> links(String incidentId, List<String> recipients);

    /** The templates' {@code acknowledge} field: null when there is no way to acknowledge. */
    default java.util.Map<String, Object> model(String incidentId, List<String> recipients) {
        List<AckLink> links = links(incidentId, recipients);
        if (!byReply() && links.isEmpty()) {
            return null;
        }
        return MessageModel.of("byReply", byReply(), "links", links.stream().map(link -> MessageModel.of(
                "recipient", link.recipient(), "url", link.url())).toList());
    }
}
