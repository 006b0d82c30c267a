package dev.logremediation.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.detect.LogClassifier;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.loki.QueryRangeAnswer;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.JwtPizzaTraffic.OutageShape;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.SandboxLoki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batch throughput, end to end: N generated JWT Pizza lines (10 % errors in chaos and outage episodes) in the sandbox
 * Loki of this JVM; the product's {@code once} over them as a separate process ({@code java -Xmx256m -jar ...}),
 * through the real routes to the JSON report; and the jq baseline over the same query_range pages.
 *
 * <p>Arguments ({@code --name value}, all optional): {@code lines} (1000000), {@code runs} (1), {@code jar}
 * (target-bench/log-remediation.jar), {@code workdir} (the product's directory, where application.properties and
 * routes/ are; default .), {@code xmx} (256m), {@code page-limit} (5000, the product's loki.page-limit and the jq
 * client's limit), {@code jq-filter} (bench/jq-filter.jq), {@code out} (a temporary folder), {@code jq-runs}
 * (= runs), {@code full-runs} (1: runs with loki.push-down=false, every line read, the reference whose incidents
 * the shipped, pushed-down runs must equal), {@code java-opts} (extra JVM options of the product, e.g. a JFR
 * recording).
 */
public final class BatchThroughputBench {

    private static final long SECOND = 1_000_000_000L;
    /** One line per millisecond: 1 M lines span about 17 minutes, one poll of loki.max-range (1 h). */
    private static final long STEP_NANOS = 1_000_000L;
    /** An episode (chaos or outage) starts every this many lines; its errors are every other line of its first fifth. */
    private static final int PERIOD_LINES = 100_000;
    private static final String QUERY = "{component=\"jwt-pizza-service\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchThroughputBench() {
    }

    record Generated(long lines, long errors, long linkLines, long fromNanos, long toNanos, double avgChars) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchSupport.arguments(args);
        int lines = Integer.parseInt(a.getOrDefault("lines", "1000000"));
        int runs = Integer.parseInt(a.getOrDefault("runs", "1"));
        int jqRuns = Integer.parseInt(a.getOrDefault("jq-runs", Integer.toString(runs)));
        int fullRuns = Integer.parseInt(a.getOrDefault("full-runs", "1"));
        Path workdir = Path.of(a.getOrDefault("workdir", ".")).toAbsolutePath().normalize();
        Path jar = workdir.resolve(a.getOrDefault("jar", "target-bench/log-remediation.jar"));
        String xmx = a.getOrDefault("xmx", "256m");
        int pageLimit = Integer.parseInt(a.getOrDefault("page-limit", "5000"));
        Path jqFilter = workdir.resolve(a.getOrDefault("jq-filter", "bench/jq-filter.jq"));
        Path out = a.containsKey("out") ? Path.of(a.get("out")) : Files.createTempDirectory("bench-batch");
        String javaOpts = a.getOrDefault("java-opts", "");
        Files.createDirectories(out);

        try (SandboxLoki loki = SandboxLoki.start()) {
            long t0 = System.nanoTime();
            Generated generated = generate(loki, lines);
            System.out.printf("generated %,d lines (%,d errors, %,d with a link, %.0f chars on average) in %.1f s%n",
                    generated.lines(), generated.errors(), generated.linkLines(), generated.avgChars(),
                    (System.nanoTime() - t0) / 1e9);

            // ---- the jq baseline: fetch the pages as a client would, then time jq alone over the files ----
            Path pages = out.resolve("pages");
            long f0 = System.nanoTime();
            AtomicLong httpNanos = new AtomicLong();
            List<Path> files = fetchPages(loki.baseUrl(), QUERY, generated, pageLimit, pages, httpNanos);
            double fetchSeconds = (System.nanoTime() - f0) / 1e9;
            double lokiSeconds = httpNanos.get() / 1e9;
            long pageBytes = 0;
            for (Path file : files) {
                pageBytes += Files.size(file);
            }
            System.out.printf("fetched %d pages (%.0f MB) with limit %d in %.1f s, of which %.1f s waiting for the"
                    + " sandbox Loki's answers%n", files.size(), pageBytes / 1e6, pageLimit, fetchSeconds, lokiSeconds);
            // ---- where the core steps' time goes, in this JVM, one thread (3 passes, the last one warm) ----
            PipelineBreakdown.Pass pass = null;
            for (int i = 0; i < 3; i++) {
                pass = PipelineBreakdown.pass(files, generated.fromNanos(), generated.toNanos(), pageLimit);
            }
            System.out.printf("core steps, one thread, warm, this JVM: parse pages %.2f s, de-duplicate %.2f s, classify"
                            + " %.2f s = %.2f s for %,d lines (%,d errors): %,.0f lines/s%n", pass.parseSeconds(),
                    pass.dedupeSeconds(), pass.detectSeconds(), pass.total(), pass.lines(), pass.errors(),
                    pass.lines() / pass.total());
            List<Double> jqSeconds = new ArrayList<>();
            List<Double> jqRss = new ArrayList<>();
            List<Double> jqCpu = new ArrayList<>();
            long jqErrors = -1;
            long jqLinkLines = -1;
            for (int run = 1; run <= jqRuns; run++) {
                Path jqOut = out.resolve("jq-out.ndjson");
                Path timeFile = out.resolve("jq-time-" + run + ".txt");
                List<String> command = new ArrayList<>(List.of("jq", "-c", "-f", jqFilter.toString()));
                files.forEach(f -> command.add(f.toString()));
                long j0 = System.nanoTime();
                Process jq = new ProcessBuilder(BenchSupport.timed(command, timeFile))
                        .redirectOutput(jqOut.toFile()).redirectError(out.resolve("jq-err.txt").toFile()).start();
                int exit = jq.waitFor();
                double seconds = (System.nanoTime() - j0) / 1e9;
                if (exit != 0) {
                    throw new IllegalStateException("jq failed (" + exit + "): " + Files.readString(out.resolve("jq-err.txt")));
                }
                jqSeconds.add(seconds);
                jqRss.add(BenchSupport.mb(BenchSupport.maxRssKb(timeFile)));
                jqCpu.add(BenchSupport.cpuSeconds(timeFile));
                long[] counted = countJqOutput(jqOut);
                jqErrors = counted[0];
                jqLinkLines = counted[1];
                System.out.printf("jq run %d: %.2f s (%.2f s CPU), %,.0f lines/s, peak RSS %.0f MB, %,d distinct error lines, %,d with a link%n",
                        run, seconds, jqCpu.get(jqCpu.size() - 1), lines / seconds, jqRss.get(jqRss.size() - 1), jqErrors, jqLinkLines);
            }

            // ---- the product read whole (loki.push-down=false), as before push-down: the reference ----
            List<Double> fullSeconds = new ArrayList<>();
            ProductRun full = null;
            for (int run = 1; run <= fullRuns; run++) {
                full = runProduct(loki, generated, jar, workdir, xmx, pageLimit, javaOpts, out, "full-" + run, false);
                fullSeconds.add(full.seconds());
                System.out.printf("product run full-%d (every line): %.2f s, %,.0f lines/s, Loki sent %,d lines"
                                + " (%.0f MB) in %d queries%n", run, full.seconds(), lines / full.seconds(),
                        full.linesSent(), full.bytesSent() / 1e6, full.queries());
            }

            // ---- the product: once, a separate JVM with a 256 MB heap, through the real routes, as shipped ----
            List<Double> seconds = new ArrayList<>();
            List<Double> afterFirstQuery = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            long reportErrors = -1;
            int incidents = -1;
            ProductRun result = null;
            for (int run = 1; run <= runs; run++) {
                result = runProduct(loki, generated, jar, workdir, xmx, pageLimit, javaOpts, out, Integer.toString(run),
                        true);
                seconds.add(result.seconds());
                afterFirstQuery.add(result.secondsAfterFirstQuery());
                rss.add(result.peakRssMb());
                cpu.add(result.cpuSeconds());
                reportErrors = result.reportErrors();
                incidents = result.incidents();
                System.out.printf("product run %d: %.2f s (%.2f s after its first query; %.2f s CPU), %,.0f lines/s, peak RSS %.0f MB,"
                                + " %d queries, Loki sent %,d lines (%.0f MB), report: %d incidents, %,d errors%s%n", run,
                        result.seconds(), result.secondsAfterFirstQuery(), result.cpuSeconds(), lines / result.seconds(),
                        result.peakRssMb(), result.queries(), result.linesSent(), result.bytesSent() / 1e6,
                        result.incidents(), result.reportErrors(),
                        result.reportErrors() == generated.errors() ? " (= generated)" : " (generated: " + generated.errors() + ")");
            }

            double productMedian = BenchSupport.median(seconds);
            double jqMedian = BenchSupport.median(jqSeconds);
            System.out.println();
            System.out.println("=== batch throughput: " + String.format("%,d", lines) + " lines, " + runs + " product run(s), "
                    + jqRuns + " jq run(s), medians ===");
            System.out.printf("product once (-Xmx%s): %.2f s wall (%s), %,.0f lines/s; %,.0f lines/s after the first query;"
                            + " peak RSS %.0f MB (%s)%n", xmx, productMedian, BenchSupport.range(seconds, "%.2f"),
                    lines / productMedian, lines / BenchSupport.median(afterFirstQuery), BenchSupport.median(rss),
                    BenchSupport.range(rss, "%.0f"));
            System.out.printf("jq 1 process over %d page files: %.2f s (%s), %,.0f lines/s, peak RSS %.0f MB;"
                            + " page fetch (Java client, not in jq's time) %.1f s%n", files.size(), jqMedian,
                    BenchSupport.range(jqSeconds, "%.2f"), lines / jqMedian, BenchSupport.median(jqRss), fetchSeconds);
            System.out.printf("ratio product/jq (lines/s): %.2fx; including the page fetch in jq's time: %.2fx%n",
                    jqMedian / productMedian, (jqMedian + fetchSeconds) / productMedian);
            System.out.printf("CPU: product %.2f s (%s; %,.0f lines per CPU second, all threads), jq %.2f s (%,.0f lines"
                            + " per CPU second); ratio %.2fx%n", BenchSupport.median(cpu), BenchSupport.range(cpu, "%.2f"),
                    lines / BenchSupport.median(cpu), BenchSupport.median(jqCpu), lines / BenchSupport.median(jqCpu),
                    BenchSupport.median(jqCpu) / BenchSupport.median(cpu));
            System.out.printf("core steps (QueryRangeAnswer.read, RangeRead.accept, ErrorDetector.detect; one thread, warm,"
                            + " outside Camel): %.2f s = %.2f + %.2f + %.2f s%n", pass.total(), pass.parseSeconds(),
                    pass.dedupeSeconds(), pass.detectSeconds());
            System.out.printf("the sandbox Loki needs %.1f s to serve these pages to a client (in the product's wall time"
                    + " too: it reads page after page)%n", lokiSeconds);
            boolean sameIncidents = full == null || full.incidentFacts().equals(result.incidentFacts());
            if (full != null) {
                System.out.printf("push-down: Loki sent %,d of %,d lines (%.1f %%), %.1f of %.0f MB (%.1f %%); read whole:"
                                + " %.2f s (%s), %.2fx jq; the same incidents as the whole read: %s%n", result.linesSent(),
                        full.linesSent(), 100.0 * result.linesSent() / full.linesSent(), result.bytesSent() / 1e6,
                        full.bytesSent() / 1e6, 100.0 * result.bytesSent() / full.bytesSent(),
                        BenchSupport.median(fullSeconds), BenchSupport.range(fullSeconds, "%.2f"),
                        jqMedian / BenchSupport.median(fullSeconds), sameIncidents ? "yes" : "NO");
            }
            boolean sane = reportErrors == generated.errors() && (jqRuns == 0 || jqErrors == generated.errors())
                    && sameIncidents;
            System.out.printf("sanity: generated %,d errors; product report %,d errors in %d incidents; jq %,d lines -> %s%n",
                    generated.errors(), reportErrors, incidents, jqErrors, sane ? "OK" : "MISMATCH");
            System.out.printf("RESULT batch lines=%d runs=%d product_s=%.3f product_lps=%.0f product_after_first_query_lps=%.0f"
                            + " product_rss_mb=%.0f jq_s=%.3f jq_lps=%.0f jq_rss_mb=%.0f fetch_s=%.2f ratio=%.2f"
                            + " ratio_with_fetch=%.2f core_parse_s=%.2f core_dedupe_s=%.2f core_detect_s=%.2f product_cpu_s=%.2f jq_cpu_s=%.2f loki_serving_s=%.2f errors=%d report_errors=%d jq_errors=%d incidents=%d lines_sent=%d bytes_sent=%d full_lines_sent=%d full_bytes_sent=%d full_s=%.3f sane=%s%n",
                    lines, runs, productMedian, lines / productMedian, lines / BenchSupport.median(afterFirstQuery),
                    BenchSupport.median(rss), jqMedian, lines / jqMedian, BenchSupport.median(jqRss), fetchSeconds,
                    jqMedian / productMedian, (jqMedian + fetchSeconds) / productMedian, pass.parseSeconds(), pass.dedupeSeconds(), pass.detectSeconds(), BenchSupport.median(cpu), BenchSupport.median(jqCpu), lokiSeconds, generated.errors(), reportErrors,
                    jqErrors, incidents, result.linesSent(), result.bytesSent(), full == null ? -1 : full.linesSent(),
                    full == null ? -1 : full.bytesSent(), fullSeconds.isEmpty() ? -1 : BenchSupport.median(fullSeconds),
                    sane);
            if (!sane) {
                System.exit(1);
            }
        }
    }

    /**
     * Normal traffic with an episode every {@value #PERIOD_LINES} lines: chaos (links, three shapes) and outage
     * (no link, three shapes) in turn, its errors every other line of the episode's first fifth. 10 % errors.
     */
    static Generated generate(SandboxLoki loki, int lines) {
        JwtPizzaTraffic traffic = new JwtPizzaTraffic(42);
        // whole seconds, well inside Loki's accepted past, ending a minute ago
        long base = nanos(Instant.now().truncatedTo(ChronoUnit.SECONDS)) - (long) lines * STEP_NANOS - 60 * SECOND;
        int period = Math.min(PERIOD_LINES, lines);
        ChaosShape[] chaos = {ChaosShape.HTTP_RESPONSE, ChaosShape.HTTP_RESPONSE_ENCODED_TWICE, ChaosShape.FACTORY_REQUEST};
        OutageShape[] outage = OutageShape.values();
        long errors = 0;
        long linkLines = 0;
        long chars = 0;
        for (int i = 0; i < lines; i++) {
            long ts = base + i * STEP_NANOS;
            int episode = i / period;
            int inPeriod = i % period;
            LogEntry entry;
            if (inPeriod < period / 5 && inPeriod % 2 == 0) {
                errors++;
                int n = inPeriod / 2;
                if (episode % 2 == 0) {
                    linkLines++;
                    String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "fix" + episode);
                    entry = traffic.chaosErrorLine(ts, link, chaos[n % chaos.length]);
                } else {
                    entry = traffic.outageErrorLine(ts, outage[n % outage.length]);
                }
            } else {
                entry = traffic.normalLine(ts);
            }
            chars += entry.line().length();
            loki.push(entry);
        }
        if (loki.entryCount() != lines) {
            throw new IllegalStateException("the sandbox holds " + loki.entryCount() + " lines, not " + lines);
        }
        return new Generated(lines, errors, linkLines, base - SECOND, base + (long) lines * STEP_NANOS + SECOND,
                (double) chars / lines);
    }

    /** Pages forward with the given limit, each next page from the last timestamp seen (inclusive), as logcli does. */
    static List<Path> fetchPages(String baseUrl, String query, Generated window, int limit, Path dir,
                                 AtomicLong httpNanos) throws Exception {
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        List<Path> files = new ArrayList<>();
        long start = window.fromNanos();
        while (true) {
            URI uri = URI.create(baseUrl + "/loki/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                    + "&start=" + start + "&end=" + window.toNanos() + "&limit=" + limit + "&direction=forward");
            long h0 = System.nanoTime();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            httpNanos.addAndGet(System.nanoTime() - h0);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("query_range answered " + response.statusCode());
            }
            Path file = dir.resolve(String.format("page-%05d.json", files.size() + 1));
            Files.write(file, response.body());
            files.add(file);
            List<LogEntry> entries = QueryRangeAnswer.read(new ByteArrayInputStream(response.body()));
            if (entries.size() < limit) {
                return files;
            }
            long last = entries.get(entries.size() - 1).timestampNanos();
            if (last == start) {
                throw new IllegalStateException("a whole page in one nanosecond: the generated timestamps must be distinct");
            }
            start = last;
        }
    }

    /** Distinct error lines (by timestamp: the generated ones are distinct) and how many carry a link. */
    private static long[] countJqOutput(Path jqOut) throws IOException {
        Set<String> seen = new HashSet<>();
        long withLink = 0;
        try (var lines = Files.lines(jqOut)) {
            for (String line : (Iterable<String>) lines::iterator) {
                JsonNode node = JSON.readTree(line);
                if (seen.add(node.get("ts").asText()) && node.get("links").size() > 0) {
                    withLink++;
                }
            }
        }
        return new long[] {seen.size(), withLink};
    }

    /**
     * @param incidentFacts the report's incidents and episodes below threshold, for comparing two runs
     */
    record ProductRun(double seconds, double secondsAfterFirstQuery, double cpuSeconds, double peakRssMb, int queries,
                      long linesSent, long bytesSent, long reportErrors, int incidents, String incidentFacts) {
    }

    private static ProductRun runProduct(SandboxLoki loki, Generated window, Path jar, Path workdir, String xmx,
                                         int pageLimit, String javaOpts, Path out, String run, boolean pushDown)
            throws Exception {
        Path state = Files.createDirectories(out.resolve("state-" + run));
        Path report = out.resolve("report-" + run + ".json");
        Path timeFile = out.resolve("product-time-" + run + ".txt");
        Files.deleteIfExists(report);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + xmx));
        if (!javaOpts.isBlank()) {
            command.addAll(List.of(javaOpts.strip().split("\\s+")));
        }
        command.addAll(List.of("-Xlog:gc:file=" + out.resolve("product-gc-" + run + ".log"), "-jar", jar.toString(),
                "once", "--from", Instant.ofEpochSecond(0, window.fromNanos()).toString(),
                "--to", Instant.ofEpochSecond(0, window.toNanos()).toString(),
                "--dry-run", "--report", report.toString(), "--report-format", "json"));
        ProcessBuilder builder = new ProcessBuilder(BenchSupport.timed(command, timeFile)).directory(workdir.toFile())
                .redirectOutput(out.resolve("product-out-" + run + ".txt").toFile())
                .redirectError(out.resolve("product-err-" + run + ".txt").toFile());
        Map<String, String> env = builder.environment();
        env.put("LOKI_URL", loki.baseUrl());
        env.put("LOKI_USER", "");
        env.put("LOKI_TOKEN", "");
        env.put("LOKI_TOKEN_FILE", "");
        env.put("LOKI_ORG_ID", "");
        env.put("LOKI_PAGE_LIMIT", Integer.toString(pageLimit));
        env.put("STATE_DIR", state.toString());
        env.put("NOTIFY_DRY_RUN", "true");
        env.put("REMEDIATION_ENABLED", "false");
        env.put("VERIFICATION_ENABLED", "false");
        env.put("MAIL_PORT", "1");
        env.put("LOKI_PUSH_DOWN", Boolean.toString(pushDown));

        int queriesBefore = loki.queryCount();
        long linesBefore = loki.linesSent();
        long bytesBefore = loki.bytesSent();
        AtomicLong firstQueryAt = new AtomicLong();
        long t0 = System.nanoTime();
        Process process = builder.start();
        ProcessHandle java = BenchSupport.javaProcess(process);
        long hwmKb = -1;
        while (!process.waitFor(5, TimeUnit.MILLISECONDS)) {
            if (firstQueryAt.get() == 0 && loki.queryCount() > queriesBefore) {
                firstQueryAt.set(System.nanoTime());
            }
            hwmKb = Math.max(hwmKb, BenchSupport.procStatusKb(java.pid(), "VmHWM"));
        }
        long t1 = System.nanoTime();
        if (process.exitValue() != 0 && process.exitValue() != 1) {
            throw new IllegalStateException("once exited with " + process.exitValue() + ": "
                    + Files.readString(out.resolve("product-err-" + run + ".txt")));
        }
        long rssKb = BenchSupport.maxRssKb(timeFile);
        if (rssKb < 0) {
            rssKb = hwmKb;
        }
        JsonNode facts = JSON.readTree(report.toFile());
        long errors = 0;
        for (JsonNode incident : facts.get("incidents")) {
            errors += incident.get("errors").asLong();
        }
        for (JsonNode blip : facts.get("belowThreshold")) {
            errors += blip.get("errors").asLong();
        }
        long first = firstQueryAt.get() == 0 ? t0 : firstQueryAt.get();
        return new ProductRun((t1 - t0) / 1e9, (t1 - first) / 1e9, BenchSupport.cpuSeconds(timeFile),
                BenchSupport.mb(rssKb), loki.queryCount() - queriesBefore, loki.linesSent() - linesBefore,
                loki.bytesSent() - bytesBefore, errors, facts.get("incidents").size(),
                withoutWallClock(facts.get("incidents")).toString() + withoutWallClock(facts.get("belowThreshold")));
    }

    /** The report's facts without the wall-clock times of what the run did ("at"), which differ from run to run. */
    private static JsonNode withoutWallClock(JsonNode node) {
        JsonNode copy = node.deepCopy();
        List<JsonNode> todo = new ArrayList<>(List.of(copy));
        while (!todo.isEmpty()) {
            JsonNode next = todo.remove(todo.size() - 1);
            if (next instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.remove("at");
            }
            next.forEach(todo::add);
        }
        return copy;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * SECOND + instant.getNano();
    }
}
