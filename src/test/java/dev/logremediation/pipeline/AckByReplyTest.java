package dev.logremediation.pipeline;

import dev.logremediation.notify.Silences;
import dev.logremediation.report.IncidentRecord;
import dev.logremediation.report.TimelineEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxMail;
import dev.logremediation.sandbox.SandboxMail.Mailed;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledge by reply end to end (routes/oncall-replies.camel.yaml): the product reads its own mailbox on the real
 * GreenMail IMAP server its SMTP emails go through; a reply's first word acknowledges, resolves or silences the incident
 * of its thread when its sender was told, and anything else changes nothing and says why in one line.
 */
class AckByReplyTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    private static final String RECIPIENT = "oncall@demo.local";
    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(29);

    /** Reminders every 2 s, boss@example.com told after 6 s; the incident keeps firing (no RESOLVED). */
    private static RunningPipeline startReadingReplies(Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("incident.quiet-period", "60s",
                "oncall.remind-every", "2s", "oncall.escalation", "6s=boss@example.com",
                "oncall.check-interval", "200"));
        settings.putAll(more);
        return RunningPipeline.startReadingReplies(settings);
    }

    private void fire(RunningPipeline pipeline) {
        long start = RunningPipeline.nowNanos() - 3_000_000_000L;
        for (int i = 0; i < 6; i++) {
            pipeline.loki.push(traffic.chaosErrorLine(start + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.subjects().stream()
                .anyMatch(subject -> subject.startsWith("[FIRING]")));
    }

    private static MimeMessage email(RunningPipeline pipeline, String subjectStart) {
        return pipeline.emails().stream().filter(email -> RunningPipeline.subject(email).startsWith(subjectStart))
                .findFirst().orElseThrow();
    }

    /** One email is one Message-ID: GreenMail keeps a copy per recipient. */
    private static Set<String> messageIds(RunningPipeline pipeline, String... subjectStarts) {
        return pipeline.emails().stream().filter(email -> List.of(subjectStarts).stream()
                        .anyMatch(start -> RunningPipeline.subject(email).startsWith(start)))
                .map(AckByReplyTest::messageId).collect(Collectors.toSet());
    }

    private static String messageId(MimeMessage email) {
        try {
            return email.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<TimelineEntry> timeline(RunningPipeline pipeline, String event) {
        return pipeline.ledger().report("on-call", null, null, ZoneOffset.UTC).incidents().stream()
                .map(IncidentRecord::actions).flatMap(List::stream).filter(entry -> entry.event().equals(event))
                .toList();
    }

    private static Mailed mailed(RunningPipeline pipeline, String messageId) {
        return pipeline.mail.inbox().stream().filter(mail -> mail.messageId().equals(messageId)).findFirst()
                .orElseThrow();
    }

    @Test
    void ackByReplyStopsRemindersAndEscalation() throws Exception {
        // sent from a no-reply address, replies asked to the mailbox the product reads
        try (RunningPipeline pipeline = startReadingReplies(Map.of("mail.from", "alerts-noreply@example.com",
                "mail.reply-to", SandboxMail.PRODUCT_ADDRESS))) {
            String unrelated = pipeline.mail.deliver("someone@example.com", "Lunch?", null, null, "ack if hungry");
            String unrelatedReply = pipeline.mail.deliver("someone@example.com", "Re: Lunch?",
                    "<lunch.1@example.com>", "<lunch.1@example.com>", "ack");
            fire(pipeline);
            MimeMessage firing = email(pipeline, "[FIRING]");
            assertThat(firing.getReplyTo()).extracting(Object::toString).containsExactly(SandboxMail.PRODUCT_ADDRESS);
            // as Gmail sends it: text and HTML, the original quoted below
            String reply = pipeline.mail.reply(firing, "On Call <" + RECIPIENT + ">", "Ack, on it\n\n> quoted FIRING",
                    "<div dir=\"ltr\">Ack, on it</div><br><div class=\"gmail_quote\"><blockquote>[FIRING]</blockquote></div>");

            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.subjects().stream()
                    .anyMatch(subject -> subject.startsWith("[ACK]")));
            MimeMessage ack = email(pipeline, "[ACK]");
            assertThat(RunningPipeline.subject(ack)).contains("acknowledged by " + RECIPIENT);
            assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(firing.getMessageID());
            assertThat(SandboxMail.part(ack, "text/plain")).contains("Acknowledged by " + RECIPIENT + " (reply: ack)");
            assertThat(messageIds(pipeline, "[ACK]")).hasSize(1);

            // what was queued before the acknowledgement may still go out (one at most); nothing after it, for
            // longer than the escalation level and three reminder periods
            Set<String> atAck = messageIds(pipeline, "[REMINDER", "[ESCALATED]");
            AtomicReference<Set<String>> lastSeen = new AtomicReference<>(atAck);
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(12)).until(() -> {
                Set<String> now = messageIds(pipeline, "[REMINDER", "[ESCALATED]");
                return now.equals(lastSeen.getAndSet(now));
            });
            assertThat(lastSeen.get().size()).isLessThanOrEqualTo(atAck.size() + 1);
            assertThat(pipeline.subjects()).noneMatch(subject -> subject.startsWith("[ESCALATED]"));

            assertThat(timeline(pipeline, "acknowledged")).singleElement().extracting(TimelineEntry::detail)
                    .asString().startsWith("by " + RECIPIENT + " via reply (ack) at ");
            // the reply was handled: marked seen, kept; other mail is left as it was
            assertThat(mailed(pipeline, reply).seen()).isTrue();
            assertThat(mailed(pipeline, unrelated).seen()).isFalse();
            assertThat(mailed(pipeline, unrelatedReply).seen()).isFalse();
            assertThat(pipeline.mail.inbox()).hasSize(3);
        }
    }

    @Test
    void aStrangerIsRefusedAnUnknownThreadChangesNothingAndResolveIsUnderstood() throws Exception {
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = startReadingReplies(Map.of())) {
            fire(pipeline);
            MimeMessage firing = email(pipeline, "[FIRING]");
            String stranger = pipeline.mail.reply(firing, "stranger@example.com", "ack");
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("WARN").stream()
                    .anyMatch(line -> line.startsWith("Acknowledgement by reply not taken: stranger@example.com was"
                            + " not sent incident ")));
            assertThat(mailed(pipeline, stranger).seen()).isTrue();
            // reminders go on
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.subjects().stream()
                    .anyMatch(subject -> subject.startsWith("[REMINDER 1]")));
            assertThat(pipeline.subjects()).noneMatch(subject -> subject.startsWith("[ACK]"));

            pipeline.mail.deliver(RECIPIENT, "Re: [FIRING] something else", "<incident."
                    + "0123456789abcdef0123456789abcdef@log-remediation>", null, "ack");
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("WARN").stream()
                    .anyMatch(line -> line.startsWith("Reply not taken: the reply from " + RECIPIENT
                            + " answers no incident of ours")));
            assertThat(pipeline.subjects()).noneMatch(subject -> subject.startsWith("[ACK]"));

            // as a client that sends HTML alone
            pipeline.mail.reply(email(pipeline, "[REMINDER 1]"), RECIPIENT, null,
                    "<html><body><p>RESOLVE. fixed the config</p><blockquote>ack</blockquote></body></html>");
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.subjects().stream()
                    .anyMatch(subject -> subject.startsWith("[ACK]")));
            assertThat(SandboxMail.part(email(pipeline, "[ACK]"), "text/plain")).contains("(reply: resolve)");
            assertThat(timeline(pipeline, "acknowledged")).singleElement().extracting(TimelineEntry::detail)
                    .asString().startsWith("by " + RECIPIENT + " via reply (resolve)");
        }
    }

    @Test
    void silenceByReplyIsStored() throws Exception {
        try (RunningPipeline pipeline = startReadingReplies(Map.of())) {
            fire(pipeline);
            pipeline.mail.reply(email(pipeline, "[FIRING]"), RECIPIENT, "silence 2h, deploying the fix");
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.subjects().stream()
                    .anyMatch(subject -> subject.startsWith("[ACK]")));
            Silences silences = pipeline.context().getRegistry().lookupByNameAndType("silences", Silences.class);
            Instant now = Instant.now();
            assertThat(silences.notEndedAt(now)).singleElement().satisfies(silence -> {
                assertThat(silence.watch()).isEqualTo("jwt-pizza-service");
                assertThat(silence.by()).isEqualTo(RECIPIENT);
                assertThat(Duration.between(now, silence.endsAt())).isBetween(Duration.ofMinutes(118),
                        Duration.ofMinutes(120));
            });
            assertThat(timeline(pipeline, "acknowledged")).singleElement().extracting(TimelineEntry::detail)
                    .asString().contains("(silence 2h)");
        }
    }

    @Test
    void aReplyToAResolvedIncidentChangesNothing() throws Exception {
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = startReadingReplies(Map.of("incident.quiet-period", "2s"))) {
            fire(pipeline);
            await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.subjects().stream()
                    .anyMatch(subject -> subject.startsWith("[RESOLVED]")));
            String late = pipeline.mail.reply(email(pipeline, "[FIRING]"), RECIPIENT, "ack");

            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("WARN").stream()
                    .anyMatch(line -> line.startsWith("Acknowledgement by reply not taken: incident ")
                            && line.contains(" ended at ") && line.endsWith("nothing to acknowledge; nothing changed")));
            assertThat(mailed(pipeline, late).seen()).isTrue();
            assertThat(pipeline.subjects()).noneMatch(subject -> subject.startsWith("[ACK]"));
            assertThat(timeline(pipeline, "acknowledged")).isEmpty();
        }
    }

    @Test
    void anImapServerThatIsDownIsOneLineAndFiringMailIsUnaffected() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = startReadingReplies(Map.of(
                     "oncall.imap.port", Integer.toString(closed)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines("WARN").stream()
                    .anyMatch(line -> line.startsWith("Replies not read: cannot read the mailbox at imap://127.0.0.1:"
                            + closed + " ")));
            fire(pipeline);
            assertThat(log.lines("ERROR")).isEmpty();
        }
    }
}
