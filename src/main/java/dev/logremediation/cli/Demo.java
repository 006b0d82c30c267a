package dev.logremediation.cli;

import dev.logremediation.sandbox.SandboxDiner;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;
import dev.logremediation.sandbox.SandboxPizza;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox demo: a Loki-compatible server, an SMTP server, and a JWT Pizza shop and factory on 127.0.0.1 whose
 * request log goes into that Loki; the real routes with short windows against them; each email printed as it
 * arrives. A diner buys pizzas, the factory starts failing orders (chaos), the product emails FIRING, follows the
 * link, proves the shop works with a purchase, emails REMEDIATED, and RESOLVED once the errors have stopped.
 */
public final class Demo {

    static final Duration DEADLINE = Duration.ofSeconds(60);
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
                Map.entry("mail.to", "oncall@demo.local"),
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

    static int run(Path config) throws Exception {
        Path stateDir = Files.createTempDirectory("log-remediation-demo");
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (SandboxLoki loki = SandboxLoki.start(); SandboxMail mail = SandboxMail.start();
             SandboxPizza pizza = SandboxPizza.start(loki)) {
            Map<String, String> settings = new HashMap<>(overrides(loki, mail, stateDir));
            settings.putAll(shopOverrides(pizza));
            try (Application app = Application.start(config, settings)) {
                System.out.println("Sandbox Loki at " + loki.baseUrl() + ", SMTP at 127.0.0.1:" + mail.port()
                        + ", pizza shop at " + pizza.serviceUrl() + ", factory at " + pizza.factoryUrl());
                System.out.println("A diner orders a pizza every 250 ms; the factory starts failing orders at ~3 s.");
                SandboxDiner diner = new SandboxDiner(pizza.serviceUrl());
                AtomicLong orders = new AtomicLong();
                traffic.scheduleWithFixedDelay(() -> dinerOrders(pizza, diner, orders.incrementAndGet()), 0, 250,
                        TimeUnit.MILLISECONDS);
                return printEmailsUntilResolved(mail);
            }
        } finally {
            traffic.shutdownNow();
        }
    }

    private static void dinerOrders(SandboxPizza pizza, SandboxDiner diner, long order) {
        try {
            if (order == CHAOS_AT_ORDER) {
                pizza.startChaos("fail");
                System.out.println("\n*** chaos: the factory now fails every order ***");
            }
            diner.order();
        } catch (Exception e) {
            System.err.println("demo diner: " + e.getMessage());
        }
    }

    private static int printEmailsUntilResolved(SandboxMail mail) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        int printed = 0;
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> received = mail.received();
            for (; printed < received.size(); printed++) {
                MimeMessage message = received.get(printed);
                String subject = SandboxMail.subject(message);
                System.out.println("\n=== Email " + (printed + 1) + ": " + subject);
                System.out.println(SandboxMail.part(message, "text/plain"));
                if (subject.startsWith("[RESOLVED]")) {
                    System.out.println("Demo complete: FIRING, remediation with a verified purchase, and RESOLVED, "
                            + "in one thread.");
                    return 0;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        System.err.println("Demo failed: no RESOLVED email within " + DEADLINE.toSeconds() + " s ("
                + printed + " email(s) received); see the log above for the reason");
        return 1;
    }
}
