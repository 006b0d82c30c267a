package dev.logremediation.cli;

import dev.logremediation.config.KnownSettings;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The training run behind the class-data-sharing archive that {@code mvn package} writes beside the jar
 * ({@code -XX:ArchiveClassesAtExit}, see pom.xml): the JVM keeps, parsed and verified, every class this run loaded,
 * and a launch with {@code -XX:SharedArchiveFile} maps them instead of loading them from the jar again.
 *
 * <p>So that the archive holds what a real start loads, this is the start of {@code run} and of the demo: the
 * routes of the working directory with the shipped settings (never the operator's, which may name real servers)
 * and the demo's short windows, against an in-process sandbox Loki and SMTP server on 127.0.0.1, until the first
 * poll has read its page and handed it on. Nothing leaves the machine and nothing is printed unless it fails (exit
 * code 1).
 */
public final class StartupTraining {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private StartupTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("log-remediation-training");
        int status = 1;
        try {
            train(work);
            status = 0;
        } catch (Exception e) {
            System.err.println("startup training failed: " + LogRemediation.rootMessage(e));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        // exits explicitly: a thread some library left running must not keep the build waiting
        System.exit(status);
    }

    private static void train(Path work) throws Exception {
        Path shippedSettings = work.resolve("application.properties");
        try (InputStream in = StartupTraining.class.getClassLoader().getResourceAsStream(KnownSettings.DEFAULTS)) {
            Files.copy(in, shippedSettings);
        }
        try (SandboxLoki loki = SandboxLoki.start(); SandboxMail mail = SandboxMail.start()) {
            long now = Instant.now().toEpochMilli() * 1_000_000;
            JwtPizzaTraffic.pushTo(loki, new JwtPizzaTraffic(1).normalTraffic(now - 20_000_000_000L, 100_000_000L, 150));
            try (Application app = Application.start(shippedSettings, Demo.overrides(loki, mail, work.resolve("state")))) {
                // stopped between polls: an exchange still in flight would hold Camel's graceful shutdown for a second
                Instant deadline = Instant.now().plus(DEADLINE);
                while (loki.queryCount() == 0 || app.context().getInflightRepository().size() > 0) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("no poll completed within " + DEADLINE.toSeconds() + " s");
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
        }
    }
}
