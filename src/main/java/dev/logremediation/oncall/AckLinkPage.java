package dev.logremediation.oncall;

import dev.logremediation.notify.AckPageModel;
import dev.logremediation.notify.MessageTemplates;

import java.util.Optional;

/**
 * The acknowledgement page behind an email's link (routes/oncall-ack-page.camel.yaml): reads the link's token, finds
 * the incident's page and renders what to show. A GET only shows; the route's POST acknowledges through
 * direct:acknowledge. A token not signed with oncall.link-key, or whose incident has ended (resolved, remediated and
 * verified; acknowledged before or not) or is unknown, is refused: the link expired with its incident.
 */
public final class AckLinkPage {

    /**
     * A link as read: the incident's page and the recipient the token names, or why it is refused (one line for the
     * log, without the token).
     */
    public record Link(Page page, String recipient, String token, String refusal) {

        public boolean refused() {
            return refusal != null;
        }
    }

    private final AckTokens tokens;
    private final OnCallLoop loop;
    private final MessageTemplates templates;

    public AckLinkPage(AckTokens tokens, OnCallLoop loop, MessageTemplates templates) {
        this.tokens = tokens;
        this.loop = loop;
        this.templates = templates;
    }

    public Link read(String token) {
        Optional<AckTokens.Signed> signed = tokens.verify(token);
        if (signed.isEmpty()) {
            return refused("its token is not signed with oncall.link-key (forged, cut short, or signed with another"
                    + " key)");
        }
        Optional<Page> page = loop.pageOfThread(signed.get().threadDigest());
        if (page.isEmpty()) {
            return refused("no incident has its thread " + signed.get().threadDigest() + " (expired)");
        }
        Page found = page.get();
        if (found.linksExpired()) {
            return refused("incident " + found.incidentId() + " ended at " + found.endedAt() + " ("
                    + found.endedBecause() + "): the link of " + signed.get().recipient() + " expired with it");
        }
        return new Link(found, signed.get().recipient(), token, null);
    }

    /** GET: the incident and the "Acknowledge" button, or who acknowledged it when. */
    public String show(Link link) {
        Page page = link.page();
        if (page.acknowledged()) {
            return templates.page(new AckPageModel("Already acknowledged", acknowledgedLine(page), incident(page),
                    null));
        }
        return templates.page(new AckPageModel("Acknowledge incident " + page.key() + "?", "As " + link.recipient()
                + ": reminders and escalation stop, and everyone it was sent to is told you acknowledged.",
                incident(page), link.token()));
    }

    /** POST answered: acknowledged now, or not (already acknowledged, ended meanwhile), nothing changed. */
    public String answer(OnCallLoop.Acknowledgement ack) {
        Page page = ack.page();
        if (ack.accepted()) {
            return templates.page(new AckPageModel("Acknowledged by " + ack.by(), "At " + dev.logremediation.text.Text
                    .utc(ack.at()) + ". No more reminders or escalation for this incident.", incident(page), null));
        }
        return templates.page(new AckPageModel("Not acknowledged: nothing changed", page.acknowledged()
                ? acknowledgedLine(page) : ack.problem(), incident(page), null));
    }

    /** Forged or expired. */
    public String refusal() {
        return templates.page(new AckPageModel("This link is not valid", "It is not one of ours, or its incident has"
                + " ended: nothing was changed.", null, null));
    }

    /** Any other method than GET and POST. */
    public String methodNotAllowed() {
        return templates.page(new AckPageModel("Method not allowed", "Open the link (GET), then press"
                + " Acknowledge (POST).", null, null));
    }

    /** Something failed (said in the log): the person may try again. */
    public String failed() {
        return templates.page(new AckPageModel("Something went wrong", "The acknowledgement may not have been"
                + " taken: try again, or reply to the email.", null, null));
    }

    private static String acknowledgedLine(Page page) {
        return "Acknowledged by " + page.acknowledgedBy() + " via " + page.acknowledgedVia() + " at "
                + dev.logremediation.text.Text.utc(page.acknowledgedAt()) + ".";
    }

    private static AckPageModel.Incident incident(Page page) {
        String status;
        if (page.acknowledged()) {
            status = "acknowledged by " + page.acknowledgedBy() + " (" + page.acknowledgedVia() + ")";
        } else if (page.ended()) {
            status = "ended: " + page.endedBecause();
        } else {
            status = "firing, not acknowledged" + (page.reminders() == 0 ? "" : "; " + page.reminders()
                    + (page.reminders() == 1 ? " reminder" : " reminders") + " sent") + (page.escalations() == 0 ? ""
                    : "; escalation level " + page.escalations() + " reached");
        }
        return new AckPageModel.Incident(page.incidentId(), page.watch(), page.key(), page.firedAt(),
                page.recipients(), status);
    }

    private static Link refused(String why) {
        return new Link(null, null, null, why);
    }
}
