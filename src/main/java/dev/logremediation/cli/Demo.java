package dev.logremediation.cli;

import dev.logremediation.sandbox.SandboxDiner;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;
import dev.logremediation.sandbox.SandboxPizza;
import jakarta.mail.internet.MimeMessage;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox demo: a Loki-compatible server, an SMTP server, and a JWT Pizza shop and factory on 127.0.0.1 whose
 * request log goes into that Loki; the real routes with short windows against them; each email printed as it
 * arrives. A diner buys pizzas, the factory starts failing orders (chaos), the product emails FIRING, follows the
 * link, proves the shop works with a purchase, emails REMEDIATED, and RESOLVED once the errors have stopped. The
 * on-call scenario leaves remediation off and shows the on-call loop instead: a reminder, an acknowledgement by reply
 * over IMAP, no escalation, RESOLVED.
 */
public final class Demo {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The on-call scenario's people: the recipient who acknowledges, and the lead the escalation would tell. */
    static final String ON_CALL = "oncall@demo.local";
    static final String LEAD = "lead@demo.local";
    /** The diner orders every 250 ms; chaos starts at the 12th order (about 3 s in). */
    private static final int CHAOS_AT_ORDER = 12;

    private Demo() {
    }

    /** Short windows so the whole story takes seconds. */
    public static Map<String, String> overrides(SandboxLoki loki, SandboxMail mail, Path stateDir) {
        return Map.ofEntries(
                Map.entry("loki.url", loki.baseUrl()),
                Map.entry("loki.user", ""),
                Map.entry("loki.token", ""),
                Map.entry("loki.org-id", ""),
                Map.entry("loki.poll-interval", "1s"),
                Map.entry("loki.first-poll-delay", "0"),
                Map.entry("loki.overlap", "30s"),
                Map.entry("mail.protocol", "smtp"),
                Map.entry("mail.host", "127.0.0.1"),
                Map.entry("mail.port", Integer.toString(mail.port())),
                Map.entry("mail.user", ""),
                Map.entry("mail.to", ON_CALL),
                Map.entry("incident.window", "30s"),
                Map.entry("incident.quiet-period", "5s"),
                Map.entry("incident.timeout-check-interval", "200"),
                Map.entry("retry.delay", "200"),
                Map.entry("observe.port", "0"),
                Map.entry("state.dir", stateDir.toString()));
    }

    /** The demo's shop: remediation allowed to the sandbox factory, verification against the sandbox shop. */
    public static Map<String, String> shopOverrides(SandboxPizza pizza) {
        return Map.of(
                "remediation.enabled", "true",
                "remediation.allowed-hosts", "127.0.0.1",
                "verification.enabled", "true",
                "verification.shop-url", pizza.serviceUrl(),
                "verification.factory-url", pizza.factoryUrl(),
                "verification.diner-password", "diner",
                "verification.delay", "500",
                // the demo's state is a fresh directory: a fresh key seals its links
                "state.link-key", freshLinkKey());
    }

    private static String freshLinkKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** What the demo shows. */
    public enum Scenario {
        /** FIRING, the link followed, a verified purchase, REMEDIATED, RESOLVED. */
        REMEDIATION,
        /** Remediation off: FIRING, a reminder, an acknowledgement by reply that stops the escalation, RESOLVED. */
        ONCALL
    }

    /** The on-call scenario's short loop: a reminder every 3 s, escalation to the lead after 10 s. */
    static Map<String, String> onCallOverrides(SandboxMail mail) {
        Map<String, String> settings = new HashMap<>(mail.imapSettings());
        settings.put("oncall.remind-every", "3s");
        settings.put("oncall.escalation", "10s=" + LEAD);
        settings.put("oncall.check-interval", "200");
        settings.put("mail.from", SandboxMail.PRODUCT_ADDRESS);
        return settings;
    }

    static int run(Path config, Scenario scenario, PrintStream out) throws Exception {
        Path stateDir = Files.createTempDirectory("log-remediation-demo");
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (SandboxLoki loki = SandboxLoki.start(); SandboxMail mail = SandboxMail.start();
             SandboxPizza pizza = SandboxPizza.start(loki)) {
            Map<String, String> settings = new HashMap<>(overrides(loki, mail, stateDir));
            settings.putAll(scenario == Scenario.ONCALL ? onCallOverrides(mail) : shopOverrides(pizza));
            try (Application app = Application.start(config, settings)) {
                out.println("Sandbox Loki at " + loki.baseUrl() + ", SMTP at 127.0.0.1:" + mail.port()
                        + (scenario == Scenario.ONCALL ? ", IMAP at 127.0.0.1:" + mail.imapPort() : "")
                        + ", pizza shop at " + pizza.serviceUrl() + ", factory at " + pizza.factoryUrl());
                out.println("A diner orders a pizza every 250 ms; the factory starts failing orders at ~3 s.");
                SandboxDiner diner = new SandboxDiner(pizza.serviceUrl());
                AtomicLong orders = new AtomicLong();
                traffic.scheduleWithFixedDelay(() -> dinerOrders(pizza, diner, orders.incrementAndGet(), out), 0,
                        250, TimeUnit.MILLISECONDS);
                return scenario == Scenario.ONCALL ? new OnCallStory(mail, pizza, out).tell()
                        : printEmailsUntilResolved(mail, out);
            }
        } finally {
            traffic.shutdownNow();
        }
    }

    private static void dinerOrders(SandboxPizza pizza, SandboxDiner diner, long order, PrintStream out) {
        try {
            if (order == CHAOS_AT_ORDER) {
                pizza.startChaos("fail");
                out.println("\n*** chaos: the factory now fails every order ***");
            }
            diner.order();
        } catch (Exception e) {
            out.println("demo diner: " + e.getMessage());
        }
    }

    private static void print(MimeMessage message, int number, PrintStream out) {
        out.println("\n=== Email " + number + ": " + SandboxMail.subject(message));
        out.println(SandboxMail.part(message, "text/plain"));
    }

    private static int printEmailsUntilResolved(SandboxMail mail, PrintStream out) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        int printed = 0;
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> received = mail.received();
            for (; printed < received.size(); printed++) {
                print(received.get(printed), printed + 1, out);
                if (SandboxMail.subject(received.get(printed)).startsWith("[RESOLVED]")) {
                    out.println("Demo complete: FIRING, remediation with a verified purchase, and RESOLVED, "
                            + "in one thread.");
                    return 0;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        out.println("Demo failed: no RESOLVED email within " + DEADLINE.toSeconds() + " s (" + printed
                + " email(s) received); see the log above for the reason");
        return 1;
    }

    /**
     * The on-call story, told from the on-call person's inbox: after the first reminder they reply "ack" to the
     * FIRING email; once the acknowledgement is confirmed the factory's chaos is ended by hand, the errors stop and
     * RESOLVED follows. The lead, escalated to at 10 s, is never told.
     */
    private static final class OnCallStory {
        private final SandboxMail mail;
        private final SandboxPizza pizza;
        private final PrintStream out;
        private MimeMessage firing;
        private boolean replied;
        private boolean acknowledged;
        private boolean escalated;

        OnCallStory(SandboxMail mail, SandboxPizza pizza, PrintStream out) {
            this.mail = mail;
            this.pizza = pizza;
            this.out = out;
        }

        int tell() throws Exception {
            Instant deadline = Instant.now().plus(DEADLINE);
            Set<String> shown = new HashSet<>();
            int printed = 0;
            while (Instant.now().isBefore(deadline)) {
                for (MimeMessage message : mail.received()) {
                    // one copy arrives per recipient: show each email once
                    if (!shown.add(message.getMessageID())) {
                        continue;
                    }
                    print(message, ++printed, out);
                    Integer exitCode = heard(SandboxMail.subject(message), message);
                    if (exitCode != null) {
                        return exitCode;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            out.println("Demo failed: the on-call story did not end within " + DEADLINE.toSeconds() + " s (FIRING "
                    + (firing != null) + ", reply sent " + replied + ", acknowledged " + acknowledged
                    + "); see the log above for the reason");
            return 1;
        }

        /** Reacts to one email as the on-call person would; the demo's exit code once the story has ended. */
        private Integer heard(String subject, MimeMessage message) throws Exception {
            if (subject.startsWith("[FIRING]")) {
                firing = message;
            } else if (subject.startsWith("[REMINDER") && !replied && firing != null) {
                replied = true;
                out.println("\n*** " + ON_CALL + " replies \"ack\" to the FIRING email ***");
                mail.reply(firing, ON_CALL, "ack - looking at the factory now");
            } else if (subject.startsWith("[ACK]")) {
                acknowledged = true;
                out.println("\n*** acknowledged: no more reminders, " + LEAD + " is not escalated to; the on-call"
                        + " person ends the factory's chaos ***");
                pizza.endChaos();
            } else if (subject.startsWith("[ESCALATED]")) {
                escalated = true;
            } else if (subject.startsWith("[RESOLVED]")) {
                if (acknowledged && !escalated) {
                    out.println("Demo complete: FIRING, a reminder, an acknowledgement by reply that stopped the"
                            + " escalation, and RESOLVED, in one thread.");
                    return ExitCode.DONE;
                }
                out.println("Demo failed: RESOLVED came " + (escalated ? "after an escalation" : "unacknowledged"));
                return 1;
            }
            return null;
        }
    }
}
