package dev.logremediation.bench;

import dev.logremediation.sandbox.SandboxLoki;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Many watches on one instance: {@code java -jar log-remediation.jar run} with N watches (one templatedRoute each,
 * generated into a copy of {@code routes/}), each selecting its own service {@code {component="svc-NNN"}}, polling
 * a sandbox Loki of this JVM every {@code poll-seconds}; every service writes {@code lines-per-second} lines a second
 * ({@link LiveTraffic}, {@code error-percent} of them errors). After all watches polled once and {@code warmup-seconds}
 * more, a window of {@code measure-seconds} is measured:
 *
 * <ul>
 *   <li><b>poll start lag</b>. Camel's timer is fixed-delay ({@code java.util.Timer.schedule}): a watch's next poll is
 *   due one period after its previous poll began. A poll's begin is read from its own requests: every request of one
 *   poll carries the same {@code end}, the product's clock when the poll began (loki.lag = 0), so the sandbox's
 *   request log groups the requests by (selector, end) into polls, whatever the number of queries and pages.
 *   Lag of poll k = begin(k) - (begin(k-1) + period); also the first request's arrival at the sandbox Loki - (begin(k-1)
 *   + period), which adds the route's steps, the HTTP connection pool and the sandbox's own queue, and the poll's
 *   duration up to its last request's arrival. The drift from a strict grid (a fixed-delay timer drifts by the lag
 *   of each poll) is given per poll.</li>
 *   <li><b>CPU</b>: utime + stime of the product process (/proc/PID/stat) over the window, as % of one core and per
 *   poll; the same for this JVM (the sandbox Loki and the traffic) and the rest of the machine (/proc/stat), which
 *   shows other work disturbing the figures.</li>
 *   <li><b>heap</b>: after the window, the live heap ({@code jcmd PID GC.class_histogram}: a full GC, then every
 *   live object counted), the heap after each GC of the window ({@code -Xlog:gc}), RSS and threads.</li>
 * </ul>
 * With several watch counts (e.g. {@code 20,200}) the runs follow one another and the difference gives per-watch
 * figures.
 *
 * <p>Arguments ({@code --name value}, all optional): {@code watches} (200; comma-separated counts run in turn),
 * {@code poll-seconds} (10), {@code warmup-seconds} (60), {@code measure-seconds} (180), {@code lines-per-second}
 * per service (1), {@code error-percent} (1), {@code jar} (target-bench/log-remediation.jar), {@code workdir} (.: holds
 * application.properties and routes/), {@code java-opts} (-Xmx256m), {@code out}.
 */
public final class ManyWatchesBench {

    private static final long SECOND = 1_000_000_000L;
    private static final Pattern SERVICE = Pattern.compile("component=\"(svc-\\d+)\"");

    private ManyWatchesBench() {
    }

    /** One watch count's figures. */
    private record Result(int watches, int polls, double windowSeconds, double cpuMs, double benchCpuMs, double otherCpuMs,
                          long liveHeapBytes, double heapAfterGcMedianMb, double rssMb, long threads,
                          double lagP50, double lagP99, double lagMax, double firstP50, double firstP99, double firstMax,
                          double durationP50, double durationP99, double durationMax, double driftMsPerPoll,
                          double loadMin, double loadMax, int requests, double failedPolls) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchSupport.arguments(args);
        List<Integer> counts = Stream.of(a.getOrDefault("watches", "200").split(",")).map(String::strip)
                .map(Integer::parseInt).toList();
        Path workdir = Path.of(a.getOrDefault("workdir", ".")).toAbsolutePath().normalize();
        Path jar = workdir.resolve(a.getOrDefault("jar", "target-bench/log-remediation.jar"));
        Path out = a.containsKey("out") ? Path.of(a.get("out")) : Files.createTempDirectory("bench-watches");
        Files.createDirectories(out);
        List<Result> results = new ArrayList<>();
        for (int watches : counts) {
            results.add(run(watches, a, workdir, jar, out.toAbsolutePath()));
        }
        System.out.println();
        System.out.printf("=== many watches: %s watches, %s s polls, %s lines/s per watch (%s %% errors), window %s s"
                        + " after %s s warm-up, %s ===%n", a.getOrDefault("watches", "200"),
                a.getOrDefault("poll-seconds", "10"), a.getOrDefault("lines-per-second", "1"),
                a.getOrDefault("error-percent", "1"), a.getOrDefault("measure-seconds", "180"),
                a.getOrDefault("warmup-seconds", "60"), a.getOrDefault("java-opts", "-Xmx256m"));
        for (Result r : results) {
            print(r);
        }
        if (results.size() >= 2) {
            for (int i = 1; i < results.size(); i++) {
                Result s = results.get(i - 1);
                Result l = results.get(i);
                double cpuPerPoll = (l.cpuMs() - s.cpuMs()) / (l.polls() - s.polls());
                double heapPerWatch = (l.liveHeapBytes() - s.liveHeapBytes()) / 1024.0 / (l.watches() - s.watches());
                double cpuPerWatch = ((l.cpuMs() / l.windowSeconds()) - (s.cpuMs() / s.windowSeconds())) / 10.0
                        / (l.watches() - s.watches());
                System.out.printf("per watch, %d -> %d watches: %.2f ms CPU per poll, %.3f %% of a core, %.0f KB live heap%n",
                        s.watches(), l.watches(), cpuPerPoll, cpuPerWatch, heapPerWatch);
                System.out.printf("RESULT watches_marginal from=%d to=%d cpu_ms_per_poll=%.2f cpu_pct_per_watch=%.3f"
                        + " heap_kb_per_watch=%.0f%n", s.watches(), l.watches(), cpuPerPoll, cpuPerWatch, heapPerWatch);
            }
        }
    }

    private static void print(Result r) {
        double window = r.windowSeconds();
        System.out.printf("%d watches: %d polls in %.0f s (%d query_range requests; %.0f polls failed since the start);"
                + " load average %.2f..%.2f%n", r.watches(), r.polls(), window, r.requests(), r.failedPolls(), r.loadMin(),
                r.loadMax());
        System.out.printf("  poll begin lag behind its schedule (previous begin + period): p50 %.3f s, p99 %.3f s,"
                + " max %.3f s; drift from a strict grid %.2f ms per poll%n", r.lagP50(), r.lagP99(), r.lagMax(),
                r.driftMsPerPoll());
        System.out.printf("  first request at the sandbox Loki behind that schedule: p50 %.3f s, p99 %.3f s, max %.3f s%n",
                r.firstP50(), r.firstP99(), r.firstMax());
        System.out.printf("  poll begin -> its last request at Loki: p50 %.3f s, p99 %.3f s, max %.3f s%n",
                r.durationP50(), r.durationP99(), r.durationMax());
        System.out.printf("  product CPU %.1f %% of one core, %.2f ms per poll; sandbox Loki + traffic %.1f %%; rest of"
                        + " the machine %.1f %%%n", r.cpuMs() / window / 10, r.cpuMs() / r.polls(),
                r.benchCpuMs() / window / 10, r.otherCpuMs() / window / 10);
        System.out.printf("  live heap after a full GC %.1f MB; heap after GCs in the window (median) %.0f MB;"
                        + " RSS %.0f MB; %d threads%n",
                r.liveHeapBytes() / 1048576.0, r.heapAfterGcMedianMb(), r.rssMb(), r.threads());
        System.out.printf("RESULT watches n=%d polls=%d window_s=%.0f lag_p50_s=%.3f lag_p99_s=%.3f lag_max_s=%.3f"
                        + " first_p50_s=%.3f first_p99_s=%.3f first_max_s=%.3f duration_p99_s=%.3f drift_ms_per_poll=%.2f"
                        + " cpu_pct=%.1f cpu_ms_per_poll=%.2f bench_cpu_pct=%.1f other_cpu_pct=%.1f live_heap_mb=%.1f"
                        + " heap_after_gc_mb=%.0f rss_mb=%.0f threads=%d failed_polls=%.0f load=%.2f..%.2f%n",
                r.watches(), r.polls(), window, r.lagP50(), r.lagP99(), r.lagMax(), r.firstP50(), r.firstP99(),
                r.firstMax(), r.durationP99(), r.driftMsPerPoll(), r.cpuMs() / window / 10, r.cpuMs() / r.polls(),
                r.benchCpuMs() / window / 10, r.otherCpuMs() / window / 10, r.liveHeapBytes() / 1048576.0,
                r.heapAfterGcMedianMb(), r.rssMb(), r.threads(), r.failedPolls(), r.loadMin(), r.loadMax());
    }

    private static Result run(int watches, Map<String, String> a, Path workdir, Path jar, Path out) throws Exception {
        long pollSeconds = Long.parseLong(a.getOrDefault("poll-seconds", "10"));
        int warmupSeconds = Integer.parseInt(a.getOrDefault("warmup-seconds", "60"));
        int measureSeconds = Integer.parseInt(a.getOrDefault("measure-seconds", "180"));
        double linesPerSecond = Double.parseDouble(a.getOrDefault("lines-per-second", "1"));
        double errorPercent = Double.parseDouble(a.getOrDefault("error-percent", "1"));
        String javaOpts = a.getOrDefault("java-opts", "-Xmx256m");

        Path dir = out.resolve("watches-" + watches);
        Path product = prepareWorkdir(workdir, dir.resolve("product"), watches);
        List<String> services = new ArrayList<>();
        for (int i = 1; i <= watches; i++) {
            services.add(service(i));
        }
        System.out.printf("== %d watches (load average %s)%n", watches, BenchSupport.loadAverage());
        try (SandboxLoki loki = SandboxLoki.start();
             LiveTraffic traffic = new LiveTraffic(loki, services, linesPerSecond, errorPercent / 100, 7)) {
            // each poll re-reads loki.overlap (2 min): history of that much, so that every poll reads as much
            traffic.prefill(130 + pollSeconds);
            traffic.start();
            Path log = dir.resolve("product-out.txt");
            Path gcLog = dir.resolve("product-gc.log");
            List<String> command = new ArrayList<>(List.of("java"));
            if (!javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.strip().split("\\s+")));
            }
            command.addAll(List.of("-Xlog:gc:file=" + gcLog, "-jar", jar.toString(), "run"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(product.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            int observePort = BenchSupport.freePort();
            BenchSupport.sandboxEnvironment(builder.environment(), loki.baseUrl(),
                    Files.createDirectories(dir.resolve("state")), observePort);
            builder.environment().put("LOKI_POLL_INTERVAL", pollSeconds + "s");
            long startWall = BenchSupport.nowNanos();
            Process process = builder.start();
            try {
                long deadline = System.nanoTime() + 120 * SECOND;
                while (polledWatches(loki) < watches) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException(polledWatches(loki) + " of " + watches
                                + " watches polled within 120 s; the product's output:\n" + Files.readString(log));
                    }
                    Thread.sleep(100);
                }
                System.out.printf("all %d watches polled %.1f s after the start; warm-up %d s%n", watches,
                        (BenchSupport.nowNanos() - startWall) / 1e9, warmupSeconds);
                Thread.sleep(warmupSeconds * 1000L);

                List<Double> loads = new ArrayList<>();
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(() -> {
                    synchronized (loads) {
                        loads.add(BenchSupport.load1());
                    }
                }, 0, 5, TimeUnit.SECONDS);
                long self = ProcessHandle.current().pid();
                long windowStart = BenchSupport.nowNanos();
                long cpu0 = BenchSupport.cpuTicks(process.pid());
                long bench0 = BenchSupport.cpuTicks(self);
                long machine0 = BenchSupport.machineBusyTicks();
                Thread.sleep(measureSeconds * 1000L);
                long cpu1 = BenchSupport.cpuTicks(process.pid());
                long bench1 = BenchSupport.cpuTicks(self);
                long machine1 = BenchSupport.machineBusyTicks();
                long windowEnd = BenchSupport.nowNanos();
                sampler.shutdownNow();
                if (!process.isAlive()) {
                    throw new IllegalStateException("the product stopped; its output:\n" + Files.readString(log));
                }

                // a poll's requests are known once the next poll's begin is (requests of an older span come first): read
                // the request log two periods after the window, then the heap (its full GC after every measurement)
                Thread.sleep((2 * pollSeconds + 1) * 1000L);
                Timing timing = timing(loki, pollSeconds * SECOND, windowStart, windowEnd);
                Files.writeString(dir.resolve("polls.tsv"), timing.table);
                long rssKb = BenchSupport.procStatusKb(process.pid(), "VmRSS");
                long threads = BenchSupport.procStatusKb(process.pid(), "Threads");
                // the endpoint has no jvm_* meters, so the heap is read with jcmd and the GC log
                String metrics = BenchSupport.httpGet("http://127.0.0.1:" + observePort + "/observe/metrics");
                if (metrics != null) {
                    Files.writeString(dir.resolve("metrics.txt"), metrics);
                }
                double failedPolls = BenchSupport.prometheus(metrics, "logremediation_polls_total", "outcome=\"failed\"");
                long liveHeap = BenchSupport.liveHeapBytes(process.pid(), dir.resolve("class-histogram.txt"));
                List<Double> afterGc = BenchSupport.heapAfterGcMb(gcLog, (windowStart - startWall) / 1e9,
                        (windowEnd - startWall) / 1e9);

                double tickMs = 1000 / BenchSupport.CLOCK_TICKS_PER_SECOND;
                double cpuMs = (cpu1 - cpu0) * tickMs;
                double benchMs = (bench1 - bench0) * tickMs;
                double otherMs = ((machine1 - machine0) - (cpu1 - cpu0) - (bench1 - bench0)) * tickMs;

                double loadMin;
                double loadMax;
                synchronized (loads) {
                    loadMin = loads.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                    loadMax = BenchSupport.max(loads);
                }
                Result result = new Result(watches, timing.polls, (windowEnd - windowStart) / 1e9, cpuMs, benchMs,
                        otherMs, liveHeap, BenchSupport.median(afterGc), BenchSupport.mb(rssKb), threads,
                        BenchSupport.percentile(timing.lag, 0.5), BenchSupport.percentile(timing.lag, 0.99),
                        BenchSupport.max(timing.lag), BenchSupport.percentile(timing.first, 0.5),
                        BenchSupport.percentile(timing.first, 0.99), BenchSupport.max(timing.first),
                        BenchSupport.percentile(timing.duration, 0.5), BenchSupport.percentile(timing.duration, 0.99),
                        BenchSupport.max(timing.duration), BenchSupport.mean(timing.drift) * 1000, loadMin, loadMax,
                        timing.requests, failedPolls);
                print(result);
                if (timing.pollsPerWatchMin < measureSeconds / pollSeconds - 1) {
                    System.out.printf("  WARNING: a watch polled only %d times in the window (expected %d)%n",
                            timing.pollsPerWatchMin, measureSeconds / pollSeconds);
                }
                return result;
            } finally {
                BenchSupport.stop(process);
            }
        }
    }

    static String service(int i) {
        return String.format("svc-%03d", i);
    }

    /** A copy of the product's working folder whose routes/watches.camel.yaml declares {@code watches} watches. */
    private static Path prepareWorkdir(Path from, Path to, int watches) throws IOException {
        Files.createDirectories(to.resolve("routes"));
        Files.copy(from.resolve("application.properties"), to.resolve("application.properties"));
        try (Stream<Path> routes = Files.list(from.resolve("routes"))) {
            for (Path route : routes.toList()) {
                if (!route.getFileName().toString().equals("watches.camel.yaml")) {
                    Files.copy(route, to.resolve("routes").resolve(route.getFileName()));
                }
            }
        }
        StringBuilder yaml = new StringBuilder("# generated by ManyWatchesBench: one watch per service\n");
        for (int i = 1; i <= watches; i++) {
            String name = "w" + service(i).substring(4);
            yaml.append("- templatedRoute:\n")
                    .append("    routeTemplateRef: poll-loki\n")
                    .append("    routeId: watch-").append(name).append('\n')
                    .append("    parameters:\n")
                    .append("      - name: name\n")
                    .append("        value: ").append(name).append('\n')
                    .append("      - name: query\n")
                    .append("        value: '{component=\"").append(service(i)).append("\"}'\n");
        }
        Files.writeString(to.resolve("routes/watches.camel.yaml"), yaml);
        return to;
    }

    private static long polledWatches(SandboxLoki loki) {
        return loki.queryRequests().stream().map(uri -> service(uri)).filter(s -> s != null).distinct().count();
    }

    private static String service(URI uri) {
        String query = BenchSupport.queryParameter(uri, "query");
        Matcher m = query == null ? null : SERVICE.matcher(query);
        return m != null && m.find() ? m.group(1) : null;
    }

    /** One poll as the sandbox saw it. */
    private static final class Poll {
        final long begin;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int requests;

        Poll(long begin) {
            this.begin = begin;
        }
    }

    private static final class Timing {
        final List<Double> lag = new ArrayList<>();
        final List<Double> first = new ArrayList<>();
        final List<Double> duration = new ArrayList<>();
        final List<Double> drift = new ArrayList<>();
        int polls;
        int requests;
        int pollsPerWatchMin = Integer.MAX_VALUE;
        String table;
    }

    /** The polls whose begin lies in [windowStart, windowEnd), from the sandbox's request log. */
    private static Timing timing(SandboxLoki loki, long periodNanos, long windowStart, long windowEnd) {
        Map<String, List<SandboxLoki.RecordedQuery>> requestsByService = new TreeMap<>();
        for (SandboxLoki.RecordedQuery request : loki.recordedQueries()) {
            String service = service(request.uri());
            if (service != null) {
                requestsByService.computeIfAbsent(service, s -> new ArrayList<>()).add(request);
            }
        }
        Map<String, TreeMap<Long, Poll>> byService = new TreeMap<>();
        requestsByService.forEach((service, requests) -> {
            TreeMap<Long, Poll> polls = new TreeMap<>();
            BenchSupport.requestsByPoll(requests).forEach((begin, pollRequests) -> {
                Poll poll = new Poll(begin);
                for (SandboxLoki.RecordedQuery request : pollRequests) {
                    long at = BenchSupport.epochNanos(request.at());
                    poll.first = Math.min(poll.first, at);
                    poll.last = Math.max(poll.last, at);
                    poll.requests++;
                }
                polls.put(begin, poll);
            });
            byService.put(service, polls);
        });
        Timing timing = new Timing();
        StringBuilder table = new StringBuilder("service\tpoll\tbegin_ns\tlag_s\tfirst_request_lag_s\tlast_request_s\trequests\n");
        for (Map.Entry<String, TreeMap<Long, Poll>> service : byService.entrySet()) {
            List<Poll> polls = new ArrayList<>(service.getValue().values());
            List<Poll> measured = new ArrayList<>();
            // the last poll has no next begin yet: requests of the next poll's older span would count as its own
            for (int k = 1; k + 1 < polls.size(); k++) {
                Poll poll = polls.get(k);
                if (poll.begin < windowStart || poll.begin >= windowEnd) {
                    continue;
                }
                long due = polls.get(k - 1).begin + periodNanos;
                double lag = (poll.begin - due) / 1e9;
                double first = (poll.first - due) / 1e9;
                double duration = (poll.last - poll.begin) / 1e9;
                timing.lag.add(lag);
                timing.first.add(first);
                timing.duration.add(duration);
                timing.requests += poll.requests;
                measured.add(poll);
                table.append(service.getKey()).append('\t').append(k).append('\t').append(poll.begin).append('\t')
                        .append(String.format("%.4f\t%.4f\t%.4f\t%d%n", lag, first, duration, poll.requests));
            }
            timing.polls += measured.size();
            timing.pollsPerWatchMin = Math.min(timing.pollsPerWatchMin, measured.size());
            if (measured.size() >= 2) {
                long span = measured.get(measured.size() - 1).begin - measured.get(0).begin;
                timing.drift.add((span - (measured.size() - 1) * periodNanos) / 1e9 / (measured.size() - 1));
            }
        }
        timing.table = table.toString();
        return timing;
    }
}
