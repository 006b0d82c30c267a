package dev.logremediation.cli;

import dev.logremediation.config.Settings;
import jakarta.mail.Flags;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.SearchTerm;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The mailbox replies are read from (oncall.imap.*, routes/oncall-replies.camel.yaml): its login, which messages of it
 * are the product's to read, and one WARN line when it cannot be read.
 */
final class ReplyMailbox implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger("dev.logremediation.oncall");
    /**
     * Every Message-ID of the product's emails ends in "@log-remediation>" (IncidentEmail). The search asks for the
     * word alone: servers that search headers by words rather than substrings (Gmail, Dovecot with full-text search)
     * find it too; the reader then matches the exact thread.
     */
    private static final String OUR_MESSAGE_IDS = "log-remediation";

    private final String where;

    private ReplyMailbox(String where) {
        this.where = where;
    }

    /**
     * Binds the route's beans and gives the imap and imaps components the login (the password from
     * ONCALL_IMAP_PASSWORD, oncall.imap.password or oncall.imap.password-file, so it is in no endpoint's URI).
     */
    static void bind(CamelContext context, Settings settings) {
        String host = settings.text("oncall.imap.host");
        if (host.isBlank()) {
            return;
        }
        PipelineBeans.mailLogin(context, List.of("imap", "imaps"), settings.text("oncall.imap.user"),
                settings.secret("oncall.imap.password"));
        context.getRegistry().bind("ourReplies", ourReplies());
        context.getRegistry().bind("replyMailbox", new ReplyMailbox(settings.text("oncall.imap.protocol") + "://"
                + host + ":" + settings.text("oncall.imap.port") + " (user " + settings.text("oncall.imap.user")
                + ", folder " + settings.text("oncall.imap.folder") + ")"));
    }

    /**
     * The unseen replies to the product's threads, not its own emails: all other mail is never fetched, so it stays
     * unseen and where it is.
     */
    static SearchTerm ourReplies() {
        SearchTerm answersUs = new OrTerm(new HeaderTerm("In-Reply-To", OUR_MESSAGE_IDS),
                new HeaderTerm("References", OUR_MESSAGE_IDS));
        return new AndTerm(new SearchTerm[] {new FlagTerm(new Flags(Flags.Flag.SEEN), false), answersUs,
                new NotTerm(new HeaderTerm("Message-ID", OUR_MESSAGE_IDS))});
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        LOG.warn("Replies not read: cannot read the mailbox at {}: {}; trying again later (emails are sent as usual)",
                where, LogRemediation.rootMessage(exception));
        LOG.debug("Reading the mailbox at {} failed", where, exception);
    }
}
