package dev.logremediation.pipeline;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The product as a separate JVM ({@code run}, configured by environment variables as in production), for the
 * tests that kill it or run several instances. Its output is appended to {@code java.io.tmpdir/<name>.log}.
 */
public final class ProductProcess implements AutoCloseable {

    private final Process process;
    /** The management port (/observe/health, /observe/metrics). */
    public final int observePort;

    private ProductProcess(Process process, int observePort) {
        this.process = process;
        this.observePort = observePort;
    }

    /** @param jvmOptions more options for the product's JVM, e.g. {@code -Xlog:class+load:file=...} */
    public static ProductProcess launch(String name, Map<String, String> env, List<String> jvmOptions)
            throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.logremediation.cli.LogRemediation",
                "run"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(System.getProperty("java.io.tmpdir"),
                        name + ".log")));
        builder.environment().putAll(env);
        builder.environment().put("OBSERVE_PORT", Integer.toString(port));
        return new ProductProcess(builder.start(), port);
    }

    /** SIGKILL: no shutdown hook, nothing completed or handed over. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: Camel's graceful shutdown, which gives up leadership. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
