package dev.logremediation.bench;

import dev.logremediation.sandbox.SandboxLoki;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers shared by the benchmark mains: arguments, child processes, memory readings, medians. */
final class BenchSupport {

    static final Path GNU_TIME = Path.of("/usr/bin/time");

    private BenchSupport() {
    }

    /** {@code --name value} pairs. */
    static Map<String, String> arguments(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            values.put(args[i].substring(2), args[++i]);
        }
        return values;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String range(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "-";
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return String.format(format, min) + ".." + String.format(format, max);
    }

    /** The command prefixed with GNU time writing its report to {@code timeFile}, when GNU time is installed. */
    static List<String> timed(List<String> command, Path timeFile) {
        if (!Files.isExecutable(GNU_TIME)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(GNU_TIME.toString(), "-v", "-o", timeFile.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** GNU time's "Maximum resident set size (kbytes)", or -1 when it is not there. */
    static long maxRssKb(Path timeFile) throws IOException {
        if (!Files.exists(timeFile)) {
            return -1;
        }
        for (String line : Files.readAllLines(timeFile)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Maximum resident set size (kbytes):")) {
                return Long.parseLong(trimmed.substring(trimmed.indexOf(':') + 1).strip());
            }
        }
        return -1;
    }

    /** GNU time's user + system seconds, or NaN when it is not there. */
    static double cpuSeconds(Path timeFile) throws IOException {
        if (!Files.exists(timeFile)) {
            return Double.NaN;
        }
        double seconds = 0;
        for (String line : Files.readAllLines(timeFile)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("User time (seconds):") || trimmed.startsWith("System time (seconds):")) {
                seconds += Double.parseDouble(trimmed.substring(trimmed.indexOf(':') + 1).strip());
            }
        }
        return seconds;
    }

    /** A field of /proc/PID/status in kB (VmRSS, VmHWM), or -1 when the process is gone. */
    static long procStatusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The java process: the child itself, or the child of GNU time. */
    static ProcessHandle javaProcess(Process process) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
                return process.toHandle();
            }
            var child = process.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(2);
        }
        return process.toHandle();
    }

    /** The environment override of a property key: upper case, dots and dashes as underscores. */
    static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static double mb(long kb) {
        return kb < 0 ? Double.NaN : kb / 1024.0;
    }

    /** The value at quantile {@code q} (0..1) of the values, nearest rank; NaN when there are none. */
    static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
    static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** utime + stime of the process (all its threads) in clock ticks, from /proc/PID/stat; -1 when it is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command may hold spaces and parentheses: the fields count from the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy clock ticks of the whole machine (user, nice, system, irq, softirq, steal) from /proc/stat. */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).strip().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The 1 minute load average, NaN when unreadable. */
    static double load1() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A TCP port free right now on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The body of a GET, or null when it fails or does not answer 200. */
    static String httpGet(String url) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The sum of the samples of a Prometheus metric whose labels contain every one of {@code labels} (e.g.
     * {@code watch="w1"}); NaN when the text is null or has no such sample.
     */
    static double prometheus(String text, String metric, String... labels) {
        if (text == null) {
            return Double.NaN;
        }
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelText = close < 0 ? "" : line.substring(metric.length(), close + 1);
            if (Arrays.stream(labels).allMatch(labelText::contains)) {
                String value = line.substring(close < 0 ? metric.length() : close + 1).strip().split(" ")[0];
                sum += Double.parseDouble(value);
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** One parameter of a request URI, form-decoded; null when absent. */
    static String queryParameter(URI uri, String name) {
        String raw = uri.getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * The live heap of a JVM in bytes: {@code jcmd PID GC.class_histogram} (a full GC first, then every live object
     * counted), its output saved to {@code saveTo}; -1 when jcmd is not there or fails.
     */
    static long liveHeapBytes(long pid, Path saveTo) throws IOException, InterruptedException {
        Process jcmd;
        try {
            jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                    .redirectOutput(saveTo.toFile()).start();
        } catch (IOException e) {
            return -1;
        }
        if (!jcmd.waitFor(120, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            return -1;
        }
        Matcher total = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)").matcher(Files.readString(saveTo));
        return total.find() ? Long.parseLong(total.group(2)) : -1;
    }

    /** The heap after each young or full collection logged by {@code -Xlog:gc} at or after {@code fromSeconds} of uptime, in MB. */
    static List<Double> heapAfterGcMb(Path gcLog, double fromSeconds, double toSeconds) throws IOException {
        List<Double> after = new ArrayList<>();
        if (!Files.exists(gcLog)) {
            return after;
        }
        Pattern pause = Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*Pause (Young|Full).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = pause.matcher(line);
            if (m.find()) {
                double at = Double.parseDouble(m.group(1));
                if (at >= fromSeconds && at < toSeconds) {
                    after.add(Double.parseDouble(m.group(4)));
                }
            }
        }
        return after;
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * The environment of a product run against the sandbox Loki: no credentials, its own state folder, emails
     * printed (dry run), no remediation or verification, the observe endpoints on {@code observePort}.
     */
    static void sandboxEnvironment(Map<String, String> env, String lokiUrl, Path stateDir, int observePort) {
        env.put("LOKI_URL", lokiUrl);
        env.put("LOKI_USER", "");
        env.put("LOKI_TOKEN", "");
        env.put("LOKI_TOKEN_FILE", "");
        env.put("LOKI_ORG_ID", "");
        env.put("STATE_DIR", stateDir.toString());
        env.put("NOTIFY_DRY_RUN", "true");
        env.put("MAIL_PORT", "1");
        env.put("REMEDIATION_ENABLED", "false");
        env.put("VERIFICATION_ENABLED", "false");
        env.put("OBSERVE_PORT", Integer.toString(observePort));
    }

    /** Stops the process with SIGTERM (Camel Main's graceful shutdown), forcibly after 30 s. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * The poll a query_range request belongs to, named by the poll's begin: the {@code end} of its newest span, which
     * is the product's clock when the poll began (loki.lag = 0), so it lies just before the request arrives; -1 for a
     * request of an older span (a stretch read again for late lines), whose end lies minutes back.
     */
    static long pollBegin(SandboxLoki.RecordedQuery request) {
        String end = queryParameter(request.uri(), "end");
        if (end == null) {
            return -1;
        }
        long endNanos = Long.parseLong(end);
        return endNanos > epochNanos(request.at()) - 30_000_000_000L ? endNanos : -1;
    }

    /**
     * The requests of one watch grouped by poll, keyed by the poll's begin: a poll's requests all come after it began
     * and before the next one begins (a watch's polls run one after another on its timer's thread), which places the
     * requests of older spans too.
     */
    static TreeMap<Long, List<SandboxLoki.RecordedQuery>> requestsByPoll(List<SandboxLoki.RecordedQuery> requests) {
        TreeMap<Long, List<SandboxLoki.RecordedQuery>> polls = new TreeMap<>();
        for (SandboxLoki.RecordedQuery request : requests) {
            long begin = pollBegin(request);
            if (begin >= 0) {
                polls.putIfAbsent(begin, new ArrayList<>());
            }
        }
        for (SandboxLoki.RecordedQuery request : requests) {
            Map.Entry<Long, List<SandboxLoki.RecordedQuery>> poll = polls.floorEntry(epochNanos(request.at()));
            if (poll != null) {
                poll.getValue().add(request);
            }
        }
        return polls;
    }

    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
