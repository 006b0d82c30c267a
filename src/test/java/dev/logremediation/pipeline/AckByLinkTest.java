package dev.logremediation.pipeline;

import dev.logremediation.oncall.AckTokens;
import dev.logremediation.report.IncidentRecord;
import dev.logremediation.report.TimelineEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledge by link end to end (routes/oncall-ack-page.camel.yaml): a real HTTP client against the page's own
 * listener, real SMTP, the state database. GET only shows, POST acknowledges once, a forged or expired token answers
 * 403 and changes nothing, and without oncall.public-url there is no listener at all.
 */
class AckByLinkTest {

    private static final String KEY = "an-acknowledgement-link-key-of-40-chars!";
    private final JwtPizzaTraffic traffic = new JwtPizzaTraffic(31);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> settings(int port, String quietPeriod) {
        return Map.of("incident.quiet-period", quietPeriod, "oncall.remind-every", "2s",
                "oncall.check-interval", "200", "oncall.public-url", "http://127.0.0.1:" + port,
                "oncall.link-key", KEY, "oncall.http.port", String.valueOf(port));
    }

    private void pushChaosErrors(RunningPipeline pipeline) {
        String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
        long start = RunningPipeline.nowNanos() - 3_000_000_000L;
        for (int i = 0; i < 6; i++) {
            pipeline.loki.push(traffic.chaosErrorLine(start + i * 100_000_000L, link, ChaosShape.HTTP_RESPONSE));
        }
    }

    private static MimeMessage email(RunningPipeline pipeline, String subjectStart) {
        return pipeline.emails().stream().filter(email -> RunningPipeline.subject(email).startsWith(subjectStart))
                .findFirst().orElseThrow();
    }

    private static long count(RunningPipeline pipeline, String subjectStart) {
        return pipeline.subjects().stream().filter(subject -> subject.startsWith(subjectStart)).count();
    }

    /** The recipient's link in the FIRING email's text. */
    private static String linkIn(MimeMessage email, int port) {
        Matcher link = Pattern.compile("as oncall@demo\\.local: (http://127\\.0\\.0\\.1:" + port
                + "/oncall/ack\\?token=[A-Za-z0-9._-]+)").matcher(SandboxMail.part(email, "text/plain"));
        assertThat(link.find()).as("the FIRING email's acknowledgement link").isTrue();
        return link.group(1);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the page's form sends: the token as a form field, to the page's address. */
    private HttpResponse<String> post(int port, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oncall/ack"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token,
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tokenOf(String link) {
        return link.substring(link.indexOf("token=") + 6);
    }

    private static List<TimelineEntry> actions(RunningPipeline pipeline, String event) {
        return pipeline.ledger().report("on-call", null, null, ZoneOffset.UTC).incidents().stream()
                .map(IncidentRecord::actions).flatMap(List::stream).filter(entry -> entry.event().equals(event))
                .toList();
    }

    private static void assertPageHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .contains("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("camel"))
                .doesNotContain("to", "subject", "message-id", "token");
    }

    @Test
    void getShowsTheIncidentPostAcknowledgesOnceAndAForgedTokenChangesNothing() throws Exception {
        int port = freePort();
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(settings(port, "60s"))) {
            pushChaosErrors(pipeline);
            await().atMost(Duration.ofSeconds(15)).until(() -> count(pipeline, "[FIRING]") == 1);
            MimeMessage firing = email(pipeline, "[FIRING]");
            String link = linkIn(firing, port);
            assertThat(SandboxMail.part(firing, "text/html")).contains(link.replace("=", "&#61;"));

            // GET (a mail scanner, or the person) shows the incident and the button, and changes nothing
            HttpResponse<String> shown = get(link);
            assertThat(shown.statusCode()).isEqualTo(200);
            assertPageHeaders(shown);
            assertThat(shown.body()).contains("jwt-pizza-service", "oncall@demo.local", "Fired at",
                    "firing, not acknowledged", "<form method=\"post\" action=\"ack\">",
                    "name=\"token\" value=\"" + tokenOf(link) + "\"", ">Acknowledge</button>");
            await().atMost(Duration.ofSeconds(10)).until(() -> count(pipeline, "[REMINDER 1]") == 1);
            assertThat(count(pipeline, "[ACK]")).isZero();
            assertThat(actions(pipeline, "acknowledged")).isEmpty();

            // a forged token (its signature changed), and Camel headers smuggled in the query: 403, nothing changed
            String token = tokenOf(link);
            String signature = token.substring(token.lastIndexOf('.') + 1);
            char first = signature.charAt(0);
            String forged = token.substring(0, token.lastIndexOf('.') + 1) + (first == 'A' ? 'B' : 'A')
                    + signature.substring(1);
            HttpResponse<String> forgedGet = get("http://127.0.0.1:" + port
                    + "/oncall/ack?CamelHttpResponseCode=200&token=" + forged);
            assertThat(forgedGet.statusCode()).isEqualTo(403);
            assertPageHeaders(forgedGet);
            assertThat(forgedGet.body()).contains("This link is not valid").doesNotContain("<form");
            assertThat(post(port, forged).statusCode()).isEqualTo(403);
            assertThat(post(port, "not-a-token").statusCode()).isEqualTo(403);
            assertThat(log.lines("WARN")).filteredOn(line -> line.startsWith("Acknowledgement link refused (403)"))
                    .hasSize(3).allSatisfy(line -> assertThat(line).contains("not signed with oncall.link-key")
                            .doesNotContain(signature.substring(1)));

            // other methods: 405
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(link))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow")).contains("GET, POST");

            // POST acknowledges as the link's recipient
            HttpResponse<String> acknowledged = post(port, token);
            assertThat(acknowledged.statusCode()).isEqualTo(200);
            assertPageHeaders(acknowledged);
            assertThat(acknowledged.body()).contains("Acknowledged by oncall@demo.local").doesNotContain("<form");
            await().atMost(Duration.ofSeconds(10)).until(() -> count(pipeline, "[ACK]") == 1);
            MimeMessage ack = email(pipeline, "[ACK]");
            assertThat(RunningPipeline.subject(ack)).contains("acknowledged by oncall@demo.local");
            assertThat(SandboxMail.part(ack, "text/plain")).contains("link");
            assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(firing.getMessageID());
            assertThat(ack.getHeader("References", null)).contains(firing.getMessageID());
            assertThat(actions(pipeline, "acknowledged")).singleElement().extracting(TimelineEntry::detail)
                    .asString().startsWith("by oncall@demo.local via link at ");

            // the reminders stop
            long reminders = count(pipeline, "[REMINDER");
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                    .until(() -> count(pipeline, "[REMINDER") == reminders);

            // a replayed POST: 409, who acknowledged and when, nothing changed; GET says the same, without a button
            HttpResponse<String> replayed = post(port, token);
            assertThat(replayed.statusCode()).isEqualTo(409);
            assertPageHeaders(replayed);
            assertThat(replayed.body()).contains("Not acknowledged", "Acknowledged by oncall@demo.local via link at")
                    .doesNotContain("<form");
            HttpResponse<String> after = get(link);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("Already acknowledged", "acknowledged by oncall@demo.local (link)")
                    .doesNotContain("<form");
            assertThat(count(pipeline, "[ACK]")).isEqualTo(1);
            assertThat(actions(pipeline, "acknowledged")).hasSize(1);
            var metrics = pipeline.context().getRegistry().lookupByNameAndType("pipelineMetrics",
                    dev.logremediation.observe.PipelineMetrics.class).registry();
            assertThat(metrics.find("logremediation.oncall.acknowledgements").tag("via", "link").counter().count())
                    .isEqualTo(1);
            assertThat(log.all()).noneMatch(line -> line.contains(signature));
        }
    }

    @Test
    void theLinkOfAResolvedIncidentOrOfNoIncidentAnswers403() throws Exception {
        int port = freePort();
        try (CapturedLog log = new CapturedLog();
             RunningPipeline pipeline = RunningPipeline.start(settings(port, "2s"))) {
            pushChaosErrors(pipeline);
            await().atMost(Duration.ofSeconds(25)).until(() -> count(pipeline, "[RESOLVED]") == 1);
            String link = linkIn(email(pipeline, "[FIRING]"), port);

            HttpResponse<String> shown = get(link);
            assertThat(shown.statusCode()).isEqualTo(403);
            assertPageHeaders(shown);
            assertThat(shown.body()).contains("This link is not valid").doesNotContain("<form");
            assertThat(post(port, tokenOf(link)).statusCode()).isEqualTo(403);
            assertThat(log.lines("WARN")).filteredOn(line -> line.startsWith("Acknowledgement link refused (403)"))
                    .hasSize(2).allSatisfy(line -> assertThat(line).contains("ended at", "expired with it"));

            // signed with the key, but for a thread no incident has
            AckTokens tokens = pipeline.context().getRegistry().lookupByNameAndType("ackTokens", AckTokens.class);
            assertThat(post(port, tokens.token("0123456789abcdef", "oncall@demo.local")).statusCode())
                    .isEqualTo(403);

            assertThat(count(pipeline, "[ACK]")).isZero();
            assertThat(actions(pipeline, "acknowledged")).isEmpty();
        }
    }

    @Test
    void theLinkOfAnAcknowledgedIncidentExpiresWhenItResolves() throws Exception {
        int port = freePort();
        try (RunningPipeline pipeline = RunningPipeline.start(settings(port, "2s"))) {
            pushChaosErrors(pipeline);
            await().atMost(Duration.ofSeconds(15)).until(() -> count(pipeline, "[FIRING]") == 1);
            String link = linkIn(email(pipeline, "[FIRING]"), port);
            assertThat(post(port, tokenOf(link)).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(25)).until(() -> count(pipeline, "[RESOLVED]") == 1);

            assertThat(get(link).statusCode()).isEqualTo(403);
            assertThat(post(port, tokenOf(link)).statusCode()).isEqualTo(403);
            assertThat(actions(pipeline, "acknowledged")).hasSize(1);
        }
    }

    @Test
    void aReminderWaitingForSmtpWhenTheIncidentIsAcknowledgedIsNeverSent() throws Exception {
        int port = freePort();
        Map<String, String> quickRetries = new java.util.HashMap<>(settings(port, "60s"));
        quickRetries.putAll(Map.of("mail.retry-first", "200ms", "mail.retry-max", "400ms",
                "mail.retry-check-interval", "100"));
        try (RunningPipeline pipeline = RunningPipeline.start(quickRetries)) {
            pushChaosErrors(pipeline);
            await().atMost(Duration.ofSeconds(15)).until(() -> count(pipeline, "[FIRING]") == 1);
            String link = linkIn(email(pipeline, "[FIRING]"), port);
            pipeline.mail.stop();
            // queued in the outbox, SMTP refusing it
            await().atMost(Duration.ofSeconds(10)).until(() -> !actions(pipeline, "reminder").isEmpty());
            assertThat(post(port, tokenOf(link)).statusCode()).isEqualTo(200);
            pipeline.mail.restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> count(pipeline, "[ACK]") == 1);
            // the outbox retries every 400 ms at most here: a reminder it still had would follow within a second
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> count(pipeline, "[REMINDER") == 0);
        }
    }

    @Test
    void withoutAPublicUrlOrWithTheListenerOffNothingListens() throws Exception {
        int port = freePort();
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("oncall.http.port", String.valueOf(port)))) {
            assertThat(pipeline.context().getRoute("ack-page")).isNull();
            assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/oncall/ack?token=x"))
                    .isInstanceOf(ConnectException.class);
        }
        Map<String, String> off = new java.util.HashMap<>(settings(port, "60s"));
        off.put("oncall.http.enabled", "false");
        try (RunningPipeline pipeline = RunningPipeline.start(off)) {
            assertThat(pipeline.context().getRoute("ack-page")).isNull();
            assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/oncall/ack?token=x"))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
