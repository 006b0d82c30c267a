package dev.logremediation.bench;

import dev.logremediation.sandbox.SandboxLoki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Startup: the README's launch, {@code java -XX:SharedArchiveFile=log-remediation.jsa -XX:TieredStopAtLevel=1 -jar
 * log-remediation.jar run} (the class-data archive the build writes beside the jar), against a sandbox Loki of this JVM
 * with {@code LOKI_FIRST_POLL_DELAY=0}. "Ready" is the time from starting the process until its first query_range
 * request reaches the sandbox; then, after {@code idle-seconds} more, the process's resident memory (VmRSS) is read.
 *
 * <p>Arguments ({@code --name value}, all optional): {@code runs} (5), {@code jar}
 * (target-bench/log-remediation.jar), {@code launch} ({@code readme}; {@code plain}: {@code java -jar} with the JVM's
 * defaults, the launch before the archive, e.g. for a commit older than it), {@code workdir} (.), {@code idle-seconds}
 * (5), {@code java-opts} (more JVM options, before the launch's), {@code out} (a temporary folder).
 */
public final class StartupBench {

    private StartupBench() {
    }

    /** The JVM options of the README's launch: the class-data archive beside the jar, and C1 only. */
    private static List<String> readmeOptions(Path jar) {
        Path archive = jar.resolveSibling("log-remediation.jsa");
        if (!Files.isRegularFile(archive)) {
            // the JVM would silently start without it, and the figures would not be the README's launch
            throw new IllegalArgumentException("no class-data archive at " + archive + " (--launch plain for a jar"
                    + " built without one)");
        }
        return List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchSupport.arguments(args);
        int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
        Path workdir = Path.of(a.getOrDefault("workdir", ".")).toAbsolutePath().normalize();
        Path jar = workdir.resolve(a.getOrDefault("jar", "target-bench/log-remediation.jar"));
        int idleSeconds = Integer.parseInt(a.getOrDefault("idle-seconds", "5"));
        String launch = a.getOrDefault("launch", "readme");
        List<String> launchOptions = switch (launch) {
            case "readme" -> readmeOptions(jar);
            case "plain" -> List.of();
            default -> throw new IllegalArgumentException("--launch readme or plain, not " + launch);
        };
        String javaOpts = a.getOrDefault("java-opts", "");
        Path out = a.containsKey("out") ? Path.of(a.get("out")) : Files.createTempDirectory("bench-startup");
        Files.createDirectories(out);

        List<Double> ready = new ArrayList<>();
        List<Double> idleRss = new ArrayList<>();
        List<Double> peakRss = new ArrayList<>();
        List<Double> stopSeconds = new ArrayList<>();
        try (SandboxLoki loki = SandboxLoki.start()) {
            for (int run = 1; run <= runs; run++) {
                List<String> command = new ArrayList<>(List.of("java"));
                if (!javaOpts.isBlank()) {
                    command.addAll(List.of(javaOpts.strip().split("\\s+")));
                }
                command.addAll(launchOptions);
                command.addAll(List.of("-jar", jar.toString(), "run"));
                Path log = out.resolve("startup-out-" + run + ".txt");
                ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                Map<String, String> env = builder.environment();
                env.put("LOKI_URL", loki.baseUrl());
                env.put("LOKI_FIRST_POLL_DELAY", "0");
                env.put("LOKI_USER", "");
                env.put("LOKI_TOKEN", "");
                env.put("LOKI_TOKEN_FILE", "");
                env.put("LOKI_ORG_ID", "");
                env.put("STATE_DIR", Files.createDirectories(out.resolve("state-" + run)).toString());
                env.put("REMEDIATION_ENABLED", "false");
                env.put("VERIFICATION_ENABLED", "false");
                env.put("MAIL_PORT", "1");

                int before = loki.queryCount();
                long t0 = System.nanoTime();
                Process process = builder.start();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
                while (loki.queryCount() == before) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        process.destroyForcibly();
                        throw new IllegalStateException("run never queried Loki; its output: " + Files.readString(log));
                    }
                    Thread.onSpinWait();
                    Thread.sleep(0, 200_000);
                }
                double readySeconds = (System.nanoTime() - t0) / 1e9;
                Thread.sleep(idleSeconds * 1000L);
                long rssKb = BenchSupport.procStatusKb(process.pid(), "VmRSS");
                long hwmKb = BenchSupport.procStatusKb(process.pid(), "VmHWM");
                long s0 = System.nanoTime();
                process.destroy(); // SIGTERM: Camel Main's graceful shutdown
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                double stop = (System.nanoTime() - s0) / 1e9;
                ready.add(readySeconds);
                idleRss.add(BenchSupport.mb(rssKb));
                peakRss.add(BenchSupport.mb(hwmKb));
                stopSeconds.add(stop);
                System.out.printf("startup run %d: first query after %.3f s, RSS after %d s idle"
                                + " %.0f MB (peak so far %.0f MB), stopped in %.2f s on SIGTERM%n", run, readySeconds, idleSeconds, BenchSupport.mb(rssKb),
                        BenchSupport.mb(hwmKb), stop);
            }
        }
        System.out.println();
        String options = (javaOpts.strip() + " " + String.join(" ", launchOptions)).strip();
        System.out.println("=== startup: " + runs + " runs (" + launch + " launch: java " + options
                + (options.isEmpty() ? "" : " ") + "-jar), medians ===");
        System.out.printf("process start -> first query_range: %.3f s (%s)%n", BenchSupport.median(ready),
                BenchSupport.range(ready, "%.3f"));
        System.out.printf("RSS after %d s idle: %.0f MB (%s); peak RSS by then: %.0f MB; SIGTERM to exit: %.2f s%n",
                idleSeconds, BenchSupport.median(idleRss), BenchSupport.range(idleRss, "%.0f"),
                BenchSupport.median(peakRss), BenchSupport.median(stopSeconds));
        System.out.printf("RESULT startup runs=%d launch=%s opts=%s ready_s=%.3f idle_rss_mb=%.0f peak_rss_mb=%.0f"
                        + " stop_s=%.2f%n", runs, launch, javaOpts.isBlank() ? "none" : javaOpts.replace(' ', '_'),
                BenchSupport.median(ready), BenchSupport.median(idleRss),
                BenchSupport.median(peakRss), BenchSupport.median(stopSeconds));
    }
}
