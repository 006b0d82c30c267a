package dev.logremediation.cli;

import dev.logremediation.loki.LogEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox demo: a Loki-compatible server, an SMTP server and JWT Pizza traffic on 127.0.0.1, the real routes with
 * short windows against them, and each email printed as it arrives. Normal traffic, then a chaos burst whose 500s
 * carry a link, then recovery: FIRING, then RESOLVED in the same thread.
 */
public final class Demo {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String CHAOS_LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");

    private Demo() {
    }

    /** Demo settings: short windows so the whole story takes seconds. */
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
                Map.entry("state.dir", stateDir.toString()));
    }

    static int run(Path config) throws Exception {
        Path stateDir = Files.createTempDirectory("log-remediation-demo");
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (SandboxLoki loki = SandboxLoki.start(); SandboxMail mail = SandboxMail.start();
             Application app = Application.start(config, overrides(loki, mail, stateDir))) {
            System.out.println("Sandbox Loki at " + loki.baseUrl() + ", SMTP at 127.0.0.1:" + mail.port()
                    + "; normal traffic, then a chaos burst at ~3 s, then recovery.");
            JwtPizzaTraffic generator = new JwtPizzaTraffic(42);
            AtomicLong tick = new AtomicLong();
            traffic.scheduleAtFixedRate(() -> pushTick(loki, generator, tick.getAndIncrement()), 0, 250,
                    TimeUnit.MILLISECONDS);
            return printEmailsUntilResolved(mail);
        } finally {
            traffic.shutdownNow();
        }
    }

    /** Every tick is 250 ms: ticks 12 to 19 (3 s to 5 s) are the chaos burst, two failed orders a tick. */
    private static void pushTick(SandboxLoki loki, JwtPizzaTraffic generator, long tick) {
        long now = nanos(Instant.now());
        List<LogEntry> entries = tick >= 12 && tick < 20
                ? List.of(generator.normalLine(now),
                        generator.chaosErrorLine(now + 1, CHAOS_LINK, ChaosShape.HTTP_RESPONSE),
                        generator.chaosErrorLine(now + 2, CHAOS_LINK, ChaosShape.FACTORY_REQUEST))
                : List.of(generator.normalLine(now), generator.normalLine(now + 1));
        for (LogEntry entry : entries) {
            loki.push(entry.labels(), entry.timestampNanos(), entry.line());
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
                    System.out.println("Demo complete: one FIRING and one RESOLVED email, in one thread.");
                    return 0;
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        System.err.println("Demo failed: no RESOLVED email within " + DEADLINE.toSeconds() + " s ("
                + printed + " email(s) received); see the log above for the reason");
        return 1;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
