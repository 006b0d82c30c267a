package dev.logremediation.hostile;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.logremediation.pipeline.ChannelReceiver;
import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxPizza;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One whole incident with known secrets: a Loki Bearer token, an SMTP login, the diner's password, the operator's
 * factory api key inside the chaos link, the token in a chat channel's URL (the channel refuses once), the reply
 * mailbox's IMAP password and the key that signs the acknowledgement links. The incident fires, its link is followed, a purchase verifies the fix and
 * it resolves; on the way Loki refuses a query once and is unavailable once, one link is refused and one cannot be
 * reached. Then every log event (all loggers, the product's at DEBUG, with exception chains), everything written to
 * System.out and System.err, every file under state.dir (recursively, as bytes: cursors, audit, followed links,
 * reports, the state database) and the metrics are searched for each secret. Only the on-call email may hold the
 * chaos link, api key included.
 */
class SecretsStayOutOfOutputTest {

    static final String LOKI_TOKEN = "glc_LokiT0kenS3cret_7f3a9c1e5b2d4f60a8";
    static final String SMTP_USER = "alerts-sender";
    static final String SMTP_PASSWORD = "Smtp-Pa55word-9d2e7c41b6";
    static final String DINER_EMAIL = "secret.diner@jwt.com";
    static final String DINER_PASSWORD = "Diner-Pa55word-3b8f1a2c77";
    static final String ONCALL = "oncall@demo.local";
    /** The token in a Slack incoming-webhook URL (its last path segment). */
    static final String CHANNEL_TOKEN = "xoxWebh00kT0ken5ecret8c1d";
    static final String PRODUCT_MAILBOX = "log-remediation@localhost";
    static final String IMAP_PASSWORD = "Imap-Pa55word-4e1b9d7a30";
    static final String LINK_KEY = "L1nkKeyS3cret-0a9b8c7d6e5f4a3b2c1d0e9f";

    private SandboxPizza pizza;

    @AfterEach
    void closeShop() {
        if (pizza != null) {
            pizza.close();
        }
    }

    @Test
    void noSecretReachesLogsConsoleStateFilesOrMetrics() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        smtp.withConfiguration(GreenMailConfiguration.aConfig().withUser(ONCALL, SMTP_USER, SMTP_PASSWORD));
        smtp.start();
        smtp.setUser(PRODUCT_MAILBOX, PRODUCT_MAILBOX, IMAP_PASSWORD);
        Path stateDir;
        Map<String, String> secrets = new LinkedHashMap<>();
        String metrics;
        List<MimeMessage> emails;
        String logText;
        String consoleText;
        try (SmtpRelay relay = SmtpRelay.start(smtp.getSmtp().getPort());
             ChannelReceiver chat = ChannelReceiver.start();
             ProductOutput output = new ProductOutput(true)) {
            // the chat channel first answers 503, so the failure path logs too
            chat.refuseNext(1);
            try (RunningPipeline pipeline = RunningPipeline.start(loki -> settings(loki, relay, chat,
                    smtp.getImap().getPort()))) {
                stateDir = pipeline.stateDir;
                String link = pizza.startChaos("fail");
                secrets.put("loki.token", LOKI_TOKEN);
                secrets.put("mail.password", SMTP_PASSWORD);
                secrets.put("verification.diner-password", DINER_PASSWORD);
                secrets.put("factory api key", pizza.apiKey());
                secrets.put("channel URL token", CHANNEL_TOKEN);
                secrets.put("oncall.imap.password", IMAP_PASSWORD);
                secrets.put("oncall.link-key", LINK_KEY);
                assertThat(link).contains(pizza.apiKey());
                pushIncident(pipeline.loki, link);

                await().atMost(Duration.ofSeconds(60)).until(() -> subjects(smtp).stream()
                        .anyMatch(s -> s.startsWith("[REMEDIATED - verified]")));
                await().atMost(Duration.ofSeconds(60)).until(() -> subjects(smtp).stream()
                        .anyMatch(s -> s.startsWith("[RESOLVED]")));
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pipeline.stateDir.resolve("reports")));

                // the secrets were really used, so finding none of them below means something
                assertThat(pipeline.loki.recordedQueries()).extracting(q -> q.headers().get("authorization"))
                        .contains(List.of("Bearer " + LOKI_TOKEN));
                assertThat(relay.clientTranscript()).as("the product logged in to SMTP").contains("AUTH ");
                assertThat(relay.serverTranscript()).as("SMTP accepted the login").contains("\r\n235 ");
                assertThat(pizza.supportRequests()).extracting(SandboxPizza.RecordedRequest::path)
                        .anyMatch(path -> path.contains(pizza.apiKey()));
                await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests().stream()
                        .filter(ChannelReceiver.Request::accepted).count() >= 3);
                assertThat(chat.requests()).as("the channel's URL was used, refused once")
                        .allMatch(r -> r.path().endsWith(CHANNEL_TOKEN)).anyMatch(r -> !r.accepted());
                assertThat(pizza.serviceRequests()).anyMatch(r -> r.method().equals("PUT")
                        && r.body().contains(DINER_PASSWORD));
                assertThat(subjects(smtp)).as("the emails carry links signed with the key").isNotEmpty();
                assertThat(MailChecks.part(smtp.getReceivedMessages()[0], "text/plain")).contains("/oncall/ack?token=");
                // the mailbox was read with the password: a reply to no incident of ours is found and refused
                jakarta.mail.internet.MimeMessage stray = new jakarta.mail.internet.MimeMessage(
                        jakarta.mail.Session.getInstance(new java.util.Properties()));
                stray.setFrom("someone@example.com");
                stray.setSubject("Re: lunch");
                stray.setHeader("In-Reply-To", "<lunch.1@log-remediation>");
                stray.setText("ack");
                smtp.getUserManager().getUser(PRODUCT_MAILBOX).deliver(stray);
                await().atMost(Duration.ofSeconds(10)).until(() -> output.logText()
                        .contains("Reply not taken: the reply from someone@example.com"));
                metrics = scrapeMetrics(pipeline.context());
                if (Boolean.parseBoolean(pipeline.context().resolvePropertyPlaceholders("{{camel.metrics.enabled:false}}"))) {
                    assertThat(metrics).as("the product's metrics, scraped").contains("# TYPE");
                }
            }
            emails = List.of(smtp.getReceivedMessages());
            logText = output.logText();
            consoleText = output.consoleText();
        } finally {
            smtp.stop();
        }

        List<String> leaks = new ArrayList<>();
        secrets.forEach((name, secret) -> {
            search(leaks, name, secret, "the log (all loggers)", logText);
            search(leaks, name, secret, "System.out/System.err", consoleText);
            search(leaks, name, secret, "the metrics", metrics);
            for (Path file : files(stateDir)) {
                search(leaks, name, secret, "state file " + stateDir.relativize(file), read(file));
            }
            if (!name.equals("factory api key")) { // on-call must be able to use the link: only it may be in the email
                for (MimeMessage email : emails) {
                    search(leaks, name, secret, "email \"" + MailChecks.subjectOf(email) + "\"", MailChecks.raw(email)
                            + "\n" + MailChecks.part(email, "text/plain") + "\n" + MailChecks.part(email, "text/html"));
                }
            }
        });
        assertThat(files(stateDir)).as("state.dir holds the files searched").isNotEmpty();
        assertThat(logText).as("the log captured the run, links included (masked)").contains("FIRING")
                .contains(secrets.get("factory api key").substring(0, 4) + "****");
        assertThat(leaks).as("places holding a secret").isEmpty();
    }

    private Map<String, String> settings(SandboxLoki loki, SmtpRelay relay, ChannelReceiver chat, int imapPort) {
        pizza = SandboxPizza.start(loki);
        pizza.setDiner(DINER_EMAIL, DINER_PASSWORD);
        // Loki first refuses the token once, then is unavailable once: the error paths log too
        loki.failNext(401, "text/plain; charset=utf-8", "authentication failure: invalid token");
        loki.failNext(503, "text/plain; charset=utf-8", "too many outstanding requests");
        Map<String, String> settings = new HashMap<>();
        settings.put("loki.user", "");
        settings.put("loki.token", LOKI_TOKEN);
        settings.put("mail.port", Integer.toString(relay.port()));
        settings.put("mail.user", SMTP_USER);
        settings.put("mail.password", SMTP_PASSWORD);
        settings.put("remediation.enabled", "true");
        settings.put("remediation.allowed-hosts", "127.0.0.1");
        settings.put("verification.enabled", "true");
        settings.put("verification.shop-url", pizza.serviceUrl());
        settings.put("verification.factory-url", pizza.factoryUrl());
        settings.put("verification.diner-email", DINER_EMAIL);
        settings.put("verification.diner-password", DINER_PASSWORD);
        settings.put("verification.delay", "100");
        settings.put("incident.quiet-period", "4s");
        settings.put("observe.port", "0"); // parallel builds: never fight over a fixed port
        settings.put("notify.channels", "email,ops-chat");
        settings.put("channel.ops-chat.type", "slack");
        settings.put("channel.ops-chat.url", chat.url("/services/T0001/B0002/" + CHANNEL_TOKEN));
        settings.put("mail.retry-first", "300ms");
        settings.put("oncall.imap.host", "127.0.0.1");
        settings.put("oncall.imap.protocol", "imap");
        settings.put("oncall.imap.port", Integer.toString(imapPort));
        settings.put("oncall.imap.user", PRODUCT_MAILBOX);
        settings.put("oncall.imap.password", IMAP_PASSWORD);
        settings.put("oncall.imap.poll-interval", "300");
        settings.put("oncall.public-url", "https://oncall.example.com");
        settings.put("oncall.link-key", LINK_KEY);
        settings.put("oncall.http.port", "0");
        return settings;
    }

    /**
     * The chaos link in the shapes operators log it, a 500 whose request body logged the diner's password unmasked,
     * the link in the older apiKey= shape at a host that is not allowed, the link at a closed port of an allowed host,
     * and text that would leak a secret if anything evaluated it as a property placeholder.
     */
    private void pushIncident(SandboxLoki loki, String link) {
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(42);
        long ts = RunningPipeline.nowNanos() - 3_000_000_000L;
        Map<String, String> error = Map.of("component", "jwt-pizza-service", "level", "error", "type", "http");
        loki.push(error, ts, "{\"authorized\":false,\"path\":\"/api/auth\",\"method\":\"PUT\",\"statusCode\":500,"
                + "\"reqBody\":\"{\\\"email\\\":\\\"" + DINER_EMAIL + "\\\",\\\"password\\\":\\\"" + DINER_PASSWORD
                + "\\\"}\",\"resBody\":\"{\\\"message\\\":\\\"connect ECONNREFUSED 127.0.0.1:3306\\\"}\"}");
        ChaosShape[] shapes = {ChaosShape.HTTP_RESPONSE, ChaosShape.HTTP_RESPONSE_ENCODED_TWICE, ChaosShape.FACTORY_REQUEST};
        for (int i = 0; i < 6; i++) {
            loki.push(traffic.chaosErrorLine(ts + 1 + i, link, shapes[i % shapes.length]));
        }
        String key = pizza.apiKey();
        String fixCode = link.substring(link.lastIndexOf('/') + 1);
        loki.push(error, ts + 10, "{\"statusCode\":500,\"message\":\"relayed\",\"reportUrl\":"
                + "\"https://cs329.cs.byu.edu/api/report?apiKey=" + key + "&fixCode=" + fixCode + "\"}");
        loki.push(error, ts + 11, "{\"statusCode\":500,\"message\":\"old port\",\"reportUrl\":\"http://127.0.0.1:"
                + closedPort() + "/api/support/" + key + "/report/" + fixCode + "\"}");
        loki.push(error, ts + 12, "{\"statusCode\":500,\"message\":\"{{loki.token}} {{mail.password}} "
                + "{{verification.diner-password}} ${properties:loki.token}\"}");
    }

    /** Adds one entry per distinct place in {@code text} holding the secret, its base64 or its last 12 characters. */
    private static void search(List<String> leaks, String name, String secret, String where, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String tail = secret.substring(secret.length() - 12);
        String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String form : List.of(secret, base64, tail)) {
            for (int at = text.indexOf(form); at >= 0 && seen.size() < 10; at = text.indexOf(form, at + form.length())) {
                String before = text.substring(Math.max(0, at - 120), at);
                if (!seen.add(before.substring(Math.max(0, before.length() - 40)))) {
                    continue;
                }
                String context = (before + text.substring(at, Math.min(text.length(), at + form.length() + 60)))
                        .replace(secret, "<" + name + ">").replace(form, "<" + name
                                + (form.equals(tail) ? " (last 12 chars)" : " (base64)") + ">");
                leaks.add(name + " in " + where + ": ..." + MailChecks.printable(context) + "...");
            }
        }
    }

    /**
     * The Prometheus text of every meter registry Camel knows (the product enables camel.metrics), found without
     * compiling against Micrometer: any registry bean with a public {@code scrape()} returning text.
     */
    private static String scrapeMetrics(CamelContext context) {
        StringBuilder out = new StringBuilder();
        for (Object bean : context.getRegistry().findByType(Object.class)) {
            try {
                Method scrape = bean.getClass().getMethod("scrape");
                if (scrape.getReturnType() == String.class) {
                    out.append(scrape.invoke(bean)).append('\n');
                }
            } catch (ReflectiveOperationException | RuntimeException notARegistry) {
                // not a meter registry
            }
        }
        return out.toString();
    }

    private static List<String> subjects(GreenMail smtp) {
        return Stream.of(smtp.getReceivedMessages()).map(MailChecks::subjectOf).toList();
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As bytes read as ISO-8859-1: a secret (ASCII) is found whatever the file's encoding or binary framing. */
    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
