package dev.logremediation.cli;

import dev.logremediation.pipeline.ProductProcess;
import dev.logremediation.pipeline.ProductProcesses;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The on-call person's `silence add` during a deploy while the product runs, as its own process, on the default
 * embedded H2 state: the command reaches the state through the running instance, which honours the silence at once
 * (the incident is recorded as silenced, nobody is emailed). Once that instance is killed, the command opens the file
 * itself.
 */
class SilenceBesideARunningInstanceTest {

    private static final String LINK = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "k3x9q2ab");
    private static final Pattern SILENCED = Pattern.compile(
            "(?m)^logremediation_incidents_silenced_total\\{[^}]*watch=\"jwt-pizza-service\"[^}]*} (\\S+)");

    @TempDir
    Path stateDir;

    @Test
    void aSilenceAddedBesideARunningInstanceOnH2KeepsItsNextIncidentFromOnCall() throws Exception {
        try (ProductProcesses processes = new ProductProcesses()) {
            Map<String, String> env = processes.environment("300ms", "30s");
            env.put("STATE_DIR", stateDir.toString());
            ProductProcess product = processes.launch("silence-beside-product", env);
            await().atMost(Duration.ofSeconds(60)).until(() -> processes.loki.queryCount() > 0);

            SilenceCli cli = new SilenceCli(stateDir);
            String id = cli.add("--watch", "jwt-pizza-service", "--for", "1h", "--reason", "deploy of 1.4",
                    "--by", "alice");
            assertThat(cli.run("list").out()).contains(id, "deploy of 1.4", "alice");

            JwtPizzaTraffic traffic = new JwtPizzaTraffic(31);
            long ts = Instant.now().toEpochMilli() * 1_000_000L - 2_000_000_000L;
            for (int i = 0; i < 6; i++) {
                processes.loki.push(traffic.chaosErrorLine(ts + i * 100_000_000L, LINK, ChaosShape.HTTP_RESPONSE));
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> silencedIncidents(product) >= 1);
            assertThat(processes.subjects()).isEmpty();

            product.kill();
            // the address it left behind answers no more: the command opens the file itself
            assertThat(stateDir.resolve("state.server")).exists();
            SilenceCli.Outcome expired = cli.run("expire", id);
            assertThat(expired.exitCode()).as(expired.err()).isZero();
            assertThat(cli.run("list").out()).doesNotContain(id);
        }
    }

    private static double silencedIncidents(ProductProcess product) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + product.observePort + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher silenced = SILENCED.matcher(metrics.body());
        return silenced.find() ? Double.parseDouble(silenced.group(1)) : 0;
    }
}
