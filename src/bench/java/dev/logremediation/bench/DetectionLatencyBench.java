package dev.logremediation.bench;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Detection latency, live: {@code java -jar log-remediation.jar run} polling a sandbox Loki every second and sending
 * to a sandbox SMTP server, both in this JVM. Per incident: threshold - 1 errors are pushed and read, then the
 * threshold-crossing line is pushed, at a random point of the poll cycle; the latency is from that push until the FIRING email is in the SMTP server.
 * Then the incident is left to resolve (a 4 s quiet period) before the next one. Polls are counted by their begin
 * ({@link BenchSupport#pollBegin}), not by requests: a pushed-down poll sends four or more.
 *
 * <p>Arguments ({@code --name value}, all optional): {@code incidents} (20), {@code jar}
 * (target-bench/log-remediation.jar), {@code workdir} (.), {@code poll-ms} (1000, loki.poll-interval),
 * {@code push-down} (true or false: LOKI_PUSH_DOWN; default the product's, true), {@code background-lps} (0: normal
 * lines a second of {@link LiveTraffic} beside the incidents' errors, with the overlap's history stored first),
 * {@code java-opts} (more JVM options of the product after -Xmx256m, e.g. the README's launch), {@code out}.
 */
public final class DetectionLatencyBench {

    private static final int THRESHOLD = 5;
    private static final long SECOND = 1_000_000_000L;

    private DetectionLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchSupport.arguments(args);
        int incidents = Integer.parseInt(a.getOrDefault("incidents", "20"));
        Path workdir = Path.of(a.getOrDefault("workdir", ".")).toAbsolutePath().normalize();
        Path jar = workdir.resolve(a.getOrDefault("jar", "target-bench/log-remediation.jar"));
        long pollMillis = Long.parseLong(a.getOrDefault("poll-ms", "1000"));
        String pollInterval = pollMillis + "ms";
        SplittableRandom phase = new SplittableRandom(5);
        Path out = a.containsKey("out") ? Path.of(a.get("out")) : Files.createTempDirectory("bench-latency");
        Files.createDirectories(out);
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(11);
        String pushDown = a.get("push-down");
        double backgroundLps = Double.parseDouble(a.getOrDefault("background-lps", "0"));

        List<Double> latencies = new ArrayList<>();
        try (SandboxLoki loki = SandboxLoki.start(); SandboxMail mail = SandboxMail.start();
             LiveTraffic background = new LiveTraffic(loki, List.of(JwtPizzaTraffic.SERVICE), Math.max(backgroundLps, 1),
                     0, 13)) {
            if (backgroundLps > 0) {
                background.prefill(130);
                background.start();
            }
            Path log = out.resolve("latency-out.txt");
            List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
            String javaOpts = a.getOrDefault("java-opts", "");
            if (!javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.strip().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "run"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workdir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("LOKI_URL", loki.baseUrl());
            env.put("LOKI_USER", "");
            env.put("LOKI_TOKEN", "");
            env.put("LOKI_TOKEN_FILE", "");
            env.put("LOKI_ORG_ID", "");
            env.put("LOKI_POLL_INTERVAL", pollInterval);
            env.put("LOKI_FIRST_POLL_DELAY", "0");
            env.put("STATE_DIR", Files.createDirectories(out.resolve("state")).toString());
            env.put("MAIL_PROTOCOL", "smtp");
            env.put("MAIL_HOST", "127.0.0.1");
            env.put("MAIL_PORT", Integer.toString(mail.port()));
            env.put("MAIL_USER", "");
            env.put("MAIL_PASSWORD", "");
            env.put("MAIL_PASSWORD_FILE", "");
            env.put("MAIL_TO", "oncall@bench.local");
            env.put("NOTIFY_DRY_RUN", "false");
            env.put("INCIDENT_THRESHOLD", Integer.toString(THRESHOLD));
            env.put("INCIDENT_QUIET_PERIOD", "4s"); // longer than reading the first errors, then the crossing line
            env.put("INCIDENT_TIMEOUT_CHECK_INTERVAL", "100");
            env.put("REMEDIATION_ENABLED", "false");
            env.put("VERIFICATION_ENABLED", "false");
            if (pushDown != null) {
                env.put("LOKI_PUSH_DOWN", pushDown);
            }
            Process process = builder.start();
            try {
                waitFor(() -> loki.queryCount() > 0, 60, "the first poll", process, log);
                for (int incident = 1; incident <= incidents; incident++) {
                    String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "lat" + incident);
                    for (int i = 0; i < THRESHOLD - 1; i++) {
                        loki.push(traffic.chaosErrorLine(nowNanos(), link, ChaosShape.HTTP_RESPONSE));
                    }
                    long polled = polls(loki);
                    // two polls later, the first errors have been read (and found below the threshold)
                    waitFor(() -> polls(loki) >= polled + 2, 30, "two polls", process, log);
                    // a poll has just begun: push at a uniformly random point of the poll cycle, as real lines arrive
                    Thread.sleep(phase.nextLong(pollMillis));
                    int firingBefore = count(mail, "[FIRING]");
                    long t0 = System.nanoTime();
                    loki.push(traffic.chaosErrorLine(nowNanos(), link, ChaosShape.HTTP_RESPONSE));
                    waitFor(() -> count(mail, "[FIRING]") > firingBefore, 30, "the FIRING email", process, log);
                    double latency = (System.nanoTime() - t0) / 1e9;
                    latencies.add(latency);
                    System.out.printf("incident %d: FIRING email %.3f s after the threshold-crossing line%n", incident, latency);
                    int resolvedBefore = count(mail, "[RESOLVED]");
                    waitFor(() -> count(mail, "[RESOLVED]") > resolvedBefore, 60, "the RESOLVED email", process, log);
                }
            } finally {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
        List<Double> sorted = latencies.stream().sorted().toList();
        double p95 = sorted.get(Math.max(0, (int) Math.ceil(0.95 * sorted.size()) - 1));
        System.out.println();
        String setting = "push-down " + (pushDown == null ? "default" : pushDown)
                + (backgroundLps > 0 ? ", " + a.get("background-lps") + " normal lines/s beside" : "");
        System.out.printf("=== detection latency: %d incidents, poll interval %s, %s ===%n", incidents, pollInterval,
                setting);
        System.out.printf("threshold-crossing line -> FIRING email: p50 %.3f s, p95 %.3f s, max %.3f s%n",
                BenchSupport.median(latencies), p95, sorted.get(sorted.size() - 1));
        System.out.printf("RESULT latency incidents=%d poll=%s push_down=%s background_lps=%s p50_s=%.3f p95_s=%.3f"
                        + " max_s=%.3f%n", incidents, pollInterval, pushDown == null ? "default" : pushDown,
                a.getOrDefault("background-lps", "0"), BenchSupport.median(latencies), p95, sorted.get(sorted.size() - 1));
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, int seconds, String what, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + seconds * SECOND;
        while (!condition.holds()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + seconds + " s; the product's output:\n"
                        + Files.readString(log));
            }
            Thread.sleep(2);
        }
    }

    private static final java.util.Set<Long> POLL_BEGINS = new java.util.HashSet<>();
    private static int requestsSeen;

    /** Polls begun so far: the distinct begins of the query_range requests (read anew only after a request). */
    private static long polls(SandboxLoki loki) {
        if (loki.queryCount() != requestsSeen) {
            List<SandboxLoki.RecordedQuery> requests = loki.recordedQueries();
            for (int i = requestsSeen; i < requests.size(); i++) {
                long begin = BenchSupport.pollBegin(requests.get(i));
                if (begin >= 0) {
                    POLL_BEGINS.add(begin);
                }
            }
            requestsSeen = requests.size();
        }
        return POLL_BEGINS.size();
    }

    private static int count(SandboxMail mail, String subjectPrefix) {
        int n = 0;
        for (MimeMessage message : mail.received()) {
            if (SandboxMail.subject(message).startsWith(subjectPrefix)) {
                n++;
            }
        }
        return n;
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * SECOND + now.getNano();
    }
}
