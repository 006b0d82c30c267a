package dev.logremediation.bench;

import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.SandboxLoki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bytes asked of Loki per poll, live: {@code java -jar log-remediation.jar run} with the shipped watch
 * ({@code {component="jwt-pizza-service"}}, from the working folder's routes) polling a sandbox Loki of this JVM
 * every {@code poll-seconds} with the shipped {@code loki.overlap} (2 min) and {@code loki.recheck}, while {@link LiveTraffic} writes
 * {@code lines-per-second} lines a second, {@code error-percent} of them errors. History of the overlap is stored
 * first, so every poll reads a full overlap. Run once per mode: push-down on ({@code LOKI_PUSH_DOWN=true}, the
 * default) and off ({@code LOKI_PUSH_DOWN=false}: one query, every line, as before push-down).
 *
 * <p>Per poll of the measured window, from the product's DEBUG poll line ("N queries asked Loki for L lines (B bytes;
 * R of them read again for late lines), M new lines delivered, up to T"; before loki.recheck: "N queries over S s
 * asked Loki for L lines (B bytes), M new lines delivered, up to T"): queries, bytes, lines asked, lines read again,
 * new lines delivered; the requests per poll from the sandbox's request log ({@link BenchSupport#requestsByPoll});
 * cross-checked against the deltas of
 * {@code logremediation_loki_bytes_total} and {@code logremediation_polls_total}; the product's CPU per poll.
 * Sanity: once the traffic stops and two more polls have read everything, {@code logremediation_errors_seen_total}
 * must equal the error lines pushed since the first poll's range began, in both modes.
 *
 * <p>Arguments ({@code --name value}, all optional): {@code modes} (on,off), {@code lines-per-second} (100),
 * {@code error-percent} (1), {@code poll-seconds} (10), {@code warmup-seconds} (30), {@code measure-seconds} (180),
 * {@code jar} (target-bench/log-remediation.jar), {@code workdir} (.), {@code java-opts} (-Xmx256m), {@code out}.
 */
public final class PollBytesBench {

    private static final long SECOND = 1_000_000_000L;
    private static final String WATCH = JwtPizzaTraffic.SERVICE;
    /** The DEBUG poll line, before loki.recheck ("N queries over S s asked ...") and since ("... (B bytes; R of them read again ..."). */
    private static final Pattern POLL_LINE = Pattern.compile("Watch (\\S+): (\\d+) queries (?:over \\d+ s )?asked Loki"
            + " for (\\d+) lines \\((\\d+) bytes(?:; (\\d+) of them read again for late lines)?\\), (\\d+) new lines"
            + " delivered, up to (\\d+)");

    private PollBytesBench() {
    }

    /** @param reread -1 when the line does not say */
    private record PollLine(int queries, long lines, long bytes, long reread, long delivered, long upTo) {
    }

    private record Result(String mode, int polls, double bytesMedian, double bytesMean, double bytesMax,
                          double linesMedian, double linesMean, double deliveredMean, double rereadMean,
                          double requestsPerPoll, double queriesMean, double queriesMax, double metricBytesPerPoll, double metricPolls, double cpuMsPerPoll,
                          double cpuPct, long errorsSeen, long errorsExpected, double loadMin, double loadMax) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchSupport.arguments(args);
        List<String> modes = Stream.of(a.getOrDefault("modes", "on,off").split(",")).map(String::strip).toList();
        Path workdir = Path.of(a.getOrDefault("workdir", ".")).toAbsolutePath().normalize();
        Path jar = workdir.resolve(a.getOrDefault("jar", "target-bench/log-remediation.jar"));
        Path out = (a.containsKey("out") ? Path.of(a.get("out")) : Files.createTempDirectory("bench-pollbytes"))
                .toAbsolutePath();
        Files.createDirectories(out);
        List<Result> results = new ArrayList<>();
        for (String mode : modes) {
            results.add(run(mode, a, workdir, jar, out));
        }
        System.out.println();
        System.out.printf("=== bytes asked of Loki per poll, live: %s lines/s, %s %% errors, %s s polls, loki.overlap 2m,"
                        + " window %s s after %s s warm-up ===%n", a.getOrDefault("lines-per-second", "100"),
                a.getOrDefault("error-percent", "1"), a.getOrDefault("poll-seconds", "10"),
                a.getOrDefault("measure-seconds", "180"), a.getOrDefault("warmup-seconds", "30"));
        for (Result r : results) {
            print(r);
        }
        Result on = results.stream().filter(r -> r.mode().equals("on")).findFirst().orElse(null);
        Result off = results.stream().filter(r -> r.mode().equals("off")).findFirst().orElse(null);
        if (on != null && off != null) {
            System.out.printf("push-down on / off: bytes per poll %.1f %% (median %.1f %%), lines asked %.1f %%,"
                            + " product CPU per poll %.1f %%%n", 100 * on.bytesMean() / off.bytesMean(),
                    100 * on.bytesMedian() / off.bytesMedian(), 100 * on.linesMean() / off.linesMean(),
                    100 * on.cpuMsPerPoll() / off.cpuMsPerPoll());
            System.out.printf("RESULT pollbytes_ratio bytes_pct=%.1f bytes_median_pct=%.1f lines_pct=%.1f cpu_pct=%.1f%n",
                    100 * on.bytesMean() / off.bytesMean(), 100 * on.bytesMedian() / off.bytesMedian(),
                    100 * on.linesMean() / off.linesMean(), 100 * on.cpuMsPerPoll() / off.cpuMsPerPoll());
        }
    }

    private static void print(Result r) {
        System.out.printf("push-down %s: %d polls, %.1f queries per poll (up to %.0f), %.1f requests per poll; load average"
                + " %.2f..%.2f%n", r.mode(), r.polls(), r.queriesMean(), r.queriesMax(), r.requestsPerPoll(), r.loadMin(),
                r.loadMax());
        System.out.printf("  bytes per poll: median %.0f, mean %.0f, max %.0f (metric: %.0f over %.0f polls)%n",
                r.bytesMedian(), r.bytesMean(), r.bytesMax(), r.metricBytesPerPoll(), r.metricPolls());
        System.out.printf("  lines asked per poll: median %.0f, mean %.1f (read again for late lines: mean %.1f);"
                + " new lines delivered per poll: mean %.1f%n", r.linesMedian(), r.linesMean(), r.rereadMean(),
                r.deliveredMean());
        System.out.printf("  product CPU %.2f %% of one core, %.1f ms per poll; errors seen %d of %d pushed (%s)%n",
                r.cpuPct(), r.cpuMsPerPoll(), r.errorsSeen(), r.errorsExpected(),
                r.errorsSeen() == r.errorsExpected() ? "all" : "MISMATCH");
        System.out.printf("RESULT pollbytes push_down=%s polls=%d queries_mean=%.1f requests_per_poll=%.1f bytes_median=%.0f"
                        + " bytes_mean=%.0f lines_median=%.0f lines_mean=%.1f reread_mean=%.1f delivered_mean=%.1f"
                        + " metric_bytes_per_poll=%.0f cpu_ms_per_poll=%.1f errors_seen=%d errors_pushed=%d"
                        + " load=%.2f..%.2f%n", r.mode(), r.polls(), r.queriesMean(), r.requestsPerPoll(), r.bytesMedian(), r.bytesMean(), r.linesMedian(), r.linesMean(),
                r.rereadMean(), r.deliveredMean(), r.metricBytesPerPoll(), r.cpuMsPerPoll(), r.errorsSeen(), r.errorsExpected(),
                r.loadMin(), r.loadMax());
    }

    private static Result run(String mode, Map<String, String> a, Path workdir, Path jar, Path out) throws Exception {
        boolean pushDown = switch (mode) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("modes are on and off, not " + mode);
        };
        double linesPerSecond = Double.parseDouble(a.getOrDefault("lines-per-second", "100"));
        double errorPercent = Double.parseDouble(a.getOrDefault("error-percent", "1"));
        long pollSeconds = Long.parseLong(a.getOrDefault("poll-seconds", "10"));
        int warmupSeconds = Integer.parseInt(a.getOrDefault("warmup-seconds", "30"));
        int measureSeconds = Integer.parseInt(a.getOrDefault("measure-seconds", "180"));
        String javaOpts = a.getOrDefault("java-opts", "-Xmx256m");
        Path dir = Files.createDirectories(out.resolve("push-down-" + mode));
        System.out.printf("== push-down %s (load average %s)%n", mode, BenchSupport.loadAverage());

        try (SandboxLoki loki = SandboxLoki.start();
             LiveTraffic traffic = new LiveTraffic(loki, List.of(WATCH), linesPerSecond, errorPercent / 100, 3)) {
            traffic.prefill(130 + pollSeconds);
            traffic.start();
            Path log = dir.resolve("product-out.txt");
            List<String> command = new ArrayList<>(List.of("java"));
            if (!javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.strip().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "run"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            int observePort = BenchSupport.freePort();
            String metricsUrl = "http://127.0.0.1:" + observePort + "/observe/metrics";
            BenchSupport.sandboxEnvironment(builder.environment(), loki.baseUrl(),
                    Files.createDirectories(dir.resolve("state")), observePort);
            builder.environment().put("LOKI_POLL_INTERVAL", pollSeconds + "s");
            builder.environment().put("LOKI_PUSH_DOWN", Boolean.toString(pushDown));
            builder.environment().put("LOG_LEVEL", "DEBUG");
            Process process = builder.start();
            try {
                waitFor(() -> loki.queryCount() > 0, 60, "the first poll", process, log);
                Thread.sleep(warmupSeconds * 1000L);

                List<Double> loads = new ArrayList<>();
                String m0 = BenchSupport.httpGet(metricsUrl);
                long windowStart = BenchSupport.nowNanos();
                long cpu0 = BenchSupport.cpuTicks(process.pid());
                for (int s = 0; s < measureSeconds; s += 5) {
                    loads.add(BenchSupport.load1());
                    Thread.sleep(Math.min(5, measureSeconds - s) * 1000L);
                }
                long cpu1 = BenchSupport.cpuTicks(process.pid());
                long windowEnd = BenchSupport.nowNanos();
                String m1 = BenchSupport.httpGet(metricsUrl);
                loads.add(BenchSupport.load1());

                // sanity: stop the traffic, let two more polls read everything, count the errors seen
                traffic.stop();
                double pollsBefore = BenchSupport.prometheus(BenchSupport.httpGet(metricsUrl), "logremediation_polls_total",
                        "outcome=\"ok\"");
                waitFor(() -> BenchSupport.prometheus(BenchSupport.httpGet(metricsUrl), "logremediation_polls_total",
                        "outcome=\"ok\"") >= pollsBefore + 2, 60, "two more polls", process, log);
                String m2 = BenchSupport.httpGet(metricsUrl);
                Files.writeString(dir.resolve("metrics-end.txt"), m2 == null ? "" : m2);
                long firstStart = loki.queryRequests().stream()
                        .mapToLong(uri -> Long.parseLong(BenchSupport.queryParameter(uri, "start"))).min().orElseThrow();
                long errorsExpected = traffic.errorsBetween(firstStart, Long.MAX_VALUE);
                long errorsSeen = (long) BenchSupport.prometheus(m2, "logremediation_errors_seen_total",
                        "watch=\"" + WATCH + "\"");

                List<PollLine> polls = new ArrayList<>();
                for (String line : Files.readAllLines(log)) {
                    Matcher m = POLL_LINE.matcher(line);
                    if (m.find() && m.group(1).equals(WATCH)) {
                        PollLine poll = new PollLine(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                                Long.parseLong(m.group(4)), m.group(5) == null ? -1 : Long.parseLong(m.group(5)),
                                Long.parseLong(m.group(6)), Long.parseLong(m.group(7)));
                        if (poll.upTo() >= windowStart && poll.upTo() < windowEnd) {
                            polls.add(poll);
                        }
                    }
                }
                if (polls.isEmpty()) {
                    throw new IllegalStateException("no DEBUG poll line in the window; the product's output: " + log);
                }
                Set<Long> pollBegins = new HashSet<>();
                polls.forEach(p -> pollBegins.add(p.upTo()));
                long requests = BenchSupport.requestsByPoll(loki.recordedQueries()).entrySet().stream()
                        .filter(poll -> pollBegins.contains(poll.getKey())).mapToLong(poll -> poll.getValue().size()).sum();

                String bytesMetric = "logremediation_loki_bytes_total";
                String watchLabel = "watch=\"" + WATCH + "\"";
                double metricBytes = BenchSupport.prometheus(m1, bytesMetric, watchLabel)
                        - BenchSupport.prometheus(m0, bytesMetric, watchLabel);
                double metricPolls = BenchSupport.prometheus(m1, "logremediation_polls_total", watchLabel, "outcome=\"ok\"")
                        - BenchSupport.prometheus(m0, "logremediation_polls_total", watchLabel, "outcome=\"ok\"");
                double cpuMs = (cpu1 - cpu0) * 1000 / BenchSupport.CLOCK_TICKS_PER_SECOND;
                double window = (windowEnd - windowStart) / 1e9;
                List<Double> bytes = polls.stream().map(p -> (double) p.bytes()).toList();
                List<Double> lines = polls.stream().map(p -> (double) p.lines()).toList();
                List<Double> delivered = polls.stream().map(p -> (double) p.delivered()).toList();
                List<Double> reread = polls.stream().map(p -> (double) p.reread()).toList();
                List<Double> queries = polls.stream().map(p -> (double) p.queries()).toList();
                Result result = new Result(mode, polls.size(), BenchSupport.median(bytes), BenchSupport.mean(bytes),
                        BenchSupport.max(bytes), BenchSupport.median(lines), BenchSupport.mean(lines),
                        BenchSupport.mean(delivered), BenchSupport.mean(reread), (double) requests / polls.size(),
                        BenchSupport.mean(queries), BenchSupport.max(queries),
                        metricBytes / metricPolls, metricPolls, cpuMs / metricPolls, cpuMs / window / 10, errorsSeen,
                        errorsExpected, loads.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                        BenchSupport.max(loads));
                print(result);
                return result;
            } finally {
                BenchSupport.stop(process);
            }
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, int seconds, String what, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + seconds * SECOND;
        while (!condition.holds()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + seconds + " s; the product's output: " + log);
            }
            Thread.sleep(20);
        }
    }
}
