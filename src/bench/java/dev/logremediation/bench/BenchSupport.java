package dev.logremediation.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
}
