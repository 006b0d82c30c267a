package dev.logremediation.bench;

import dev.logremediation.sandbox.SandboxLoki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Startup: the README's launch, {@code java -XX:SharedArchiveFile=log-remediation.jsa -jar log-remediation.jar run}
 * (the class-data archive the build writes beside the jar), against a sandbox Loki of this JVM with
 * {@code LOKI_FIRST_POLL_DELAY=0}. "Ready" is the time from starting the process until its first query_range request
 * reaches the sandbox; then, after {@code idle-seconds} more, the process's resident memory (VmRSS) is read.
 *
 * <p>Arguments ({@code --name value}, all optional): {@code runs} (5), {@code jar}
 * (target-bench/log-remediation.jar), {@code archive} (log-remediation.jsa beside the jar, when the build wrote one;
 * {@code none}: launched without), {@code workdir} (.), {@code idle-seconds} (5), {@code java-opts}
 * (none: the JVM's defaults), {@code out} (a temporary folder).
 */
public final class StartupBench {

    private StartupBench() {
    }

    /**
     * The archive given, or the one beside the jar; null for none. A commit older than the archive (REF=...) has none
     * beside its jar, and is measured without, as the summary says.
     */
    private static Path archive(String given, Path workdir, Path jar) {
        if ("none".equals(given)) {
            return null;
        }
        Path archive = given != null ? workdir.resolve(given) : jar.resolveSibling("log-remediation.jsa");
        if (given != null && !Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("no class-data archive at " + archive);
        }
        return Files.isRegularFile(archive) ? archive : null;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchSupport.arguments(args);
        int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
        Path workdir = Path.of(a.getOrDefault("workdir", ".")).toAbsolutePath().normalize();
        Path jar = workdir.resolve(a.getOrDefault("jar", "target-bench/log-remediation.jar"));
        int idleSeconds = Integer.parseInt(a.getOrDefault("idle-seconds", "5"));
        Path archive = archive(a.get("archive"), workdir, jar);
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
                if (archive != null) {
                    command.add("-XX:SharedArchiveFile=" + archive);
                }
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
        String launch = (archive != null ? "class-data archive" : "no class-data archive")
                + (javaOpts.isBlank() ? ", JVM defaults" : ", " + javaOpts);
        System.out.println("=== startup: " + runs + " runs (" + launch + "), medians ===");
        System.out.printf("process start -> first query_range: %.3f s (%s)%n", BenchSupport.median(ready),
                BenchSupport.range(ready, "%.3f"));
        System.out.printf("RSS after %d s idle: %.0f MB (%s); peak RSS by then: %.0f MB; SIGTERM to exit: %.2f s%n",
                idleSeconds, BenchSupport.median(idleRss), BenchSupport.range(idleRss, "%.0f"),
                BenchSupport.median(peakRss), BenchSupport.median(stopSeconds));
        System.out.printf("RESULT startup runs=%d archive=%s opts=%s ready_s=%.3f idle_rss_mb=%.0f peak_rss_mb=%.0f"
                        + " stop_s=%.2f%n", runs, archive != null, javaOpts.isBlank() ? "default" : javaOpts.replace(' ', '_'),
                BenchSupport.median(ready), BenchSupport.median(idleRss),
                BenchSupport.median(peakRss), BenchSupport.median(stopSeconds));
    }
}
