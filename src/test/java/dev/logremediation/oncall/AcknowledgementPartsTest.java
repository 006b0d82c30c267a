package dev.logremediation.oncall;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.Watch;
import dev.logremediation.notify.IncidentEmail;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a reply asks, the escalation levels as written, and the signed acknowledgement links. */
class AcknowledgementPartsTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef-test-key";

    @Test
    void aReplysFirstWordIsItsCommandInAnyCaseAboveOrBelowTheQuote() {
        assertThat(ReplyCommand.of("ACK\n\nOn Mon, log-remediation wrote:\n> [FIRING] ...")).contains(
                new ReplyCommand("ack", null));
        assertThat(ReplyCommand.of("> [FIRING] jwt-pizza-service\n>\n\nAck, looking at it")).contains(
                new ReplyCommand("ack", null));
        assertThat(ReplyCommand.of("Resolve.")).contains(new ReplyCommand("resolve", null));
        // a client that sends only HTML: the first word of its text, not of its markup
        assertThat(ReplyCommand.of("<html><head><style>p{margin:0}</style></head><body><div dir=\"ltr\">&nbsp;Ack"
                + "<br></div><blockquote>ack</blockquote></body></html>")).contains(new ReplyCommand("ack", null));
        assertThat(ReplyCommand.of("<div>Thanks<br>ack later</div><blockquote>&gt; ack</blockquote>")).isEmpty();
        assertThat(ReplyCommand.of("<span>ack</span>")).contains(new ReplyCommand("ack", null));
        // typed below the quote, under the attribution line that Gmail, Thunderbird and Apple Mail put above it
        assertThat(ReplyCommand.of("On Thu, Dec 3, 2026 at 8:32 AM log-remediation <\nlog-remediation@localhost>"
                + " wrote:\n> [FIRING] jwt-pizza-service\n>\n\nack")).contains(new ReplyCommand("ack", null));
        assertThat(ReplyCommand.of("Am 03.12.2026 um 08:32 schrieb log-remediation:\n> x\n\nResolve"))
                .contains(new ReplyCommand("resolve", null));
        assertThat(ReplyCommand.of("silence 2 hours please")).contains(new ReplyCommand("silence",
                Duration.ofHours(2)));
        assertThat(ReplyCommand.of("silence 2h please")).contains(new ReplyCommand("silence", Duration.ofHours(2)));
        assertThat(ReplyCommand.of("silence 2h").orElseThrow().text()).isEqualTo("silence 2h");
        assertThat(ReplyCommand.of("Silence 30m, deploying the fix")).contains(
                new ReplyCommand("silence", Duration.ofMinutes(30)));
    }

    @Test
    void aReplyWithoutACommandAsksNothing() {
        assertThat(ReplyCommand.of("Thanks, I saw it. ack later")).isEmpty();
        // Outlook's original below the reply, and a signature, are not the reply's words
        assertThat(ReplyCommand.of("-----Original Message-----\nFrom: log-remediation\nack")).isEmpty();
        assertThat(ReplyCommand.of("\n--\nAnn, on call\nack")).isEmpty();
        assertThat(ReplyCommand.of("On call today, ack")).isEmpty();
        assertThat(ReplyCommand.of("silence")).isEmpty();
        assertThat(ReplyCommand.of("silence forever")).isEmpty();
        assertThat(ReplyCommand.of("silence 2")).isEmpty();
        assertThat(ReplyCommand.of("acknowledgement pending")).isEmpty();
        assertThat(ReplyCommand.of("")).isEmpty();
        assertThat(ReplyCommand.of(null)).isEmpty();
    }

    @Test
    void escalationLevelsAreReadInOrderAndBadOnesAreNamed() {
        EscalationPolicy policy = EscalationPolicy.parse("10m=rotation:secondary; 30m=team@example.com,lead@example.com");
        assertThat(policy.levels()).extracting(EscalationPolicy.Level::after)
                .containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(30));
        assertThat(policy.levels().get(1).recipients()).containsExactly("team@example.com", "lead@example.com");
        assertThat(policy.next(2)).isEmpty();
        assertThat(EscalationPolicy.parse("").levels()).isEmpty();
        assertThatThrownBy(() -> EscalationPolicy.parse("30m=a@example.com;10m=b@example.com"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("each later than the one before");
        assertThatThrownBy(() -> EscalationPolicy.parse("rotation:secondary"))
                .hasMessageContaining("AFTER=RECIPIENTS");
        assertThatThrownBy(() -> EscalationPolicy.parse("10x=a@example.com")).hasMessageContaining("a duration");
        assertThatThrownBy(() -> EscalationPolicy.parse("10m=")).hasMessageContaining("recipients after 10m=");
        assertThat(policy.unknownRotations(OnCallSchedule.none())).singleElement().asString()
                .contains("rotation secondary", "does not define");
    }

    @Test
    void aWatchsOwnEscalationIsCheckedAndNamesTheWatch() {
        Watch shared = watch("shop", null);
        Watch none = watch("batch-jobs", "none");
        Watch backwards = watch("payments", "30m=a@example.com;10m=b@example.com");
        Watch unknownRotation = watch("search", "5m=rotation:search-secondary");
        assertThat(EscalationPolicy.ofWatch(none).levels()).isEmpty();
        assertThat(EscalationPolicy.problemsOfWatches(List.of(shared, none, backwards, unknownRotation),
                OnCallSchedule.none())).containsExactly(
                "Invalid setting watch payments parameter escalation=\"30m=a@example.com;10m=b@example.com\": expected"
                        + " levels in order, each later than the one before (\"10m=b@example.com\")",
                "watch search parameter escalation names rotation search-secondary, which oncall.schedule-file does"
                        + " not define");
    }

    private static Watch watch(String name, String escalation) {
        return new Watch(name, "{app=\"" + name + "\"}", 5, Duration.ofMinutes(1), Duration.ofMinutes(1),
                List.of("oncall@example.com"), Duration.ZERO, List.of("email"), "", true, null, escalation);
    }

    @Test
    void aLinksTokenActsForItsIncidentAndRecipientOnlyUnderItsKey() {
        AckTokens tokens = new AckTokens("https://oncall.example.com/", KEY, false);
        String url = tokens.links("jwt-pizza-service/jwt-pizza-service/1", List.of("alice@example.com")).get(0).url();
        assertThat(url).startsWith("https://oncall.example.com/oncall/ack?token=");
        String token = url.substring(url.indexOf("token=") + 6);
        assertThat(tokens.verify(token)).contains(new AckTokens.Signed(
                IncidentEmail.threadDigest("jwt-pizza-service/jwt-pizza-service/1"), "alice@example.com"));

        char last = token.charAt(token.length() - 2);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertThat(tokens.verify(tampered)).isEmpty();
        String otherRecipient = tokens.token(token.substring(0, token.indexOf('.')), "mallory@example.com");
        String forged = otherRecipient.substring(0, otherRecipient.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        assertThat(tokens.verify(forged)).isEmpty();
        assertThat(new AckTokens("https://oncall.example.com", KEY + "-other", false).verify(token)).isEmpty();
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(tokens.verify("a.b.c")).isEmpty();
        assertThat(tokens.verify(null)).isEqualTo(Optional.empty());
    }

    @Test
    void linksNeedAKeyOfThirtyTwoCharacters() {
        assertThatThrownBy(() -> new AckTokens("https://oncall.example.com", "short", false))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("oncall.link-key")
                .hasMessageNotContaining("short");
        assertThat(new AckTokens("", "", true).links("i", List.of("a@example.com"))).isEmpty();
    }

    @Test
    void aPublicUrlIsAnHttpOrHttpsAddress() {
        for (String url : List.of("oncall.example.com", "ftp://oncall.example.com", "javascript:alert(1)",
                "https://", "https://user@oncall.example.com")) {
            assertThatThrownBy(() -> new AckTokens(url, KEY, false)).as(url)
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("oncall.public-url")
                    .hasMessageContaining("http:// or https://");
        }
        assertThat(new AckTokens("HTTP://127.0.0.1:8086/", KEY, false).links("i", List.of("a@example.com")))
                .singleElement().extracting(link -> link.url()).asString()
                .startsWith("HTTP://127.0.0.1:8086/oncall/ack?token=");
        assertThat(new AckTokens("https://example.com/on-call", KEY, false).links("i", List.of("a@example.com")))
                .singleElement().extracting(link -> link.url()).asString()
                .startsWith("https://example.com/on-call/oncall/ack?token=");
    }
}
