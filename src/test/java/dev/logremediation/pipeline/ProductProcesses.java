package dev.logremediation.pipeline;

import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxMail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sandbox Loki and SMTP server, and the product processes launched against them, for the tests that kill the
 * product or run several instances of it. Closing it kills every process still running, then the servers.
 */
public final class ProductProcesses implements AutoCloseable {

    public final SandboxLoki loki = SandboxLoki.start();
    public final SandboxMail mail = SandboxMail.start();
    private final List<ProductProcess> launched = new ArrayList<>();

    /** The settings such tests share: polls every {@code pollInterval}, incidents quiet after {@code quietPeriod}. */
    public Map<String, String> environment(String pollInterval, String quietPeriod) {
        Map<String, String> env = new HashMap<>(Map.of("LOKI_URL", loki.baseUrl(), "LOKI_POLL_INTERVAL", pollInterval,
                "LOKI_FIRST_POLL_DELAY", "0", "LOKI_OVERLAP", "1m", "MAIL_HOST", "127.0.0.1",
                "MAIL_PORT", Integer.toString(mail.port()), "MAIL_TO", "oncall@process.test",
                "INCIDENT_QUIET_PERIOD", quietPeriod, "RETRY_DELAY", "100"));
        env.put("INCIDENT_TIMEOUT_CHECK_INTERVAL", "200");
        env.put("LOKI_RECHECK", "30s"); // lines are pushed up to seconds in the past, as a late client would
        return env;
    }

    public ProductProcess launch(String name, Map<String, String> env) throws java.io.IOException {
        return launch(name, env, List.of());
    }

    public ProductProcess launch(String name, Map<String, String> env, List<String> jvmOptions)
            throws java.io.IOException {
        ProductProcess process = ProductProcess.launch(name, env, jvmOptions);
        launched.add(process);
        return process;
    }

    public List<String> subjects() {
        return mail.received().stream().map(SandboxMail::subject).toList();
    }

    @Override
    public void close() throws InterruptedException {
        for (ProductProcess process : launched) {
            process.close();
        }
        mail.close();
        loki.close();
    }
}
