package dev.logremediation.pipeline;

import dev.logremediation.cli.Application;
import dev.logremediation.cli.Demo;
import dev.logremediation.incident.IncidentClosing;
import dev.logremediation.report.IncidentLedger;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The product as it runs: application.properties and routes/*.camel.yaml from the project, against the sandbox Loki
 * and a real SMTP server, with the demo's short windows plus each test's own settings.
 */
public final class RunningPipeline implements AutoCloseable {

    static final Path CONFIG = Path.of("application.properties");

    public final SandboxLoki loki;
    public final SandboxMail mail;
    public final Path stateDir;
    private final Map<String, String> settings;
    private Application app;

    private RunningPipeline(Function<SandboxLoki, Map<String, String>> extraFor, boolean readReplies)
            throws Exception {
        loki = SandboxLoki.start();
        Map<String, String> extra = extraFor.apply(loki);
        mail = SandboxMail.start();
        stateDir = Files.createTempDirectory("pipeline-test");
        settings = new HashMap<>(Demo.overrides(loki, mail, stateDir));
        settings.put("loki.poll-interval", "300ms");
        // the tests push lines up to 20 s in the past, as a late client would: the next poll reads them again
        settings.put("loki.recheck", "30s");
        settings.put("incident.window", "60s");
        settings.put("incident.quiet-period", "2s");
        settings.put("retry.delay", "50");
        if (readReplies) {
            settings.putAll(mail.imapSettings());
        }
        settings.putAll(extra);
    }

    public static RunningPipeline start(Map<String, String> extra) throws Exception {
        return start(loki -> extra);
    }

    /** For tests whose settings name servers that need the sandbox Loki first (the pizza shop logs into it). */
    public static RunningPipeline start(Function<SandboxLoki, Map<String, String>> extraFor) throws Exception {
        return start(extraFor, false);
    }

    /** Reading replies from the product's mailbox on the sandbox mail server (oncall.imap.*), then the test's settings. */
    public static RunningPipeline startReadingReplies(Map<String, String> extra) throws Exception {
        return start(loki -> extra, true);
    }

    private static RunningPipeline start(Function<SandboxLoki, Map<String, String>> extraFor, boolean readReplies)
            throws Exception {
        RunningPipeline pipeline = new RunningPipeline(extraFor, readReplies);
        pipeline.app = Application.start(CONFIG, pipeline.settings);
        return pipeline;
    }

    public CamelContext context() {
        return app.context();
    }

    public IncidentLedger ledger() {
        return context().getRegistry().lookupByNameAndType("incidentLedger", IncidentLedger.class);
    }

    IncidentClosing closing() {
        return context().getRegistry().lookupByNameAndType("incidentClosing", IncidentClosing.class);
    }

    /** Stops the product (not the sandbox servers) and starts it again on the same state directory. */
    public void restart() throws Exception {
        app.close();
        app = Application.start(CONFIG, settings);
    }

    public List<MimeMessage> emails() {
        return mail.received();
    }

    public List<String> subjects() {
        return emails().stream().map(SandboxMail::subject).toList();
    }

    static String subject(MimeMessage message) {
        return dev.logremediation.sandbox.SandboxMail.subject(message);
    }

    public static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            mail.close();
            loki.close();
        }
    }

    /**
     * The shipped route files copied into {@code dir}, with these watches beside the shipped one ({@code beside}) or
     * instead of it: the camel.main.routes-include-pattern that reads them.
     */
    public static String routesWith(Path dir, String watches, boolean beside) throws java.io.IOException {
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        if (beside) {
            Files.writeString(dir.resolve("watches.camel.yaml"), watches, java.nio.file.StandardOpenOption.APPEND);
        } else {
            Files.writeString(dir.resolve("watches.camel.yaml"), watches);
        }
        return "file:" + dir + "/*.camel.yaml";
    }
}
