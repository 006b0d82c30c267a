package dev.logremediation.cluster;

import dev.logremediation.pipeline.ProductProcess;
import dev.logremediation.pipeline.ProductProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster services and their clients are in the jar for the instances that enable one; an instance that enables
 * none (the shipped settings) must not pay for them at start-up, so it loads none of their classes. Read from the
 * JVM's own class-loading log of a real {@code run} up to its first Loki query.
 */
class NoClusterClassesByDefaultTest {

    /**
     * ZooKeeper, Curator, the Kubernetes client, and Camel's cluster services and clustered route policy. Not Camel's
     * cluster API (org.apache.camel.cluster), which Camel Main itself looks up in every start.
     */
    private static final List<String> CLUSTER_PACKAGES = List.of("org.apache.zookeeper.", "org.apache.curator.",
            "io.fabric8.", "org.apache.camel.component.zookeeper.", "org.apache.camel.component.kubernetes.",
            "org.apache.camel.component.file.cluster.", "org.apache.camel.impl.cluster.");

    @Test
    void aStartWithTheShippedSettingsLoadsNoClusterClass(@TempDir Path dir) throws Exception {
        Path classLog = dir.resolve("class-load.log");
        try (ProductProcesses processes = new ProductProcesses()) {
            Map<String, String> env = processes.environment("10s", "60s");
            env.put("STATE_DIR", dir.resolve("state").toString());
            ProductProcess product = processes.launch("no-cluster", env, List.of("-Xlog:class+load:file=" + classLog));
            await().atMost(Duration.ofSeconds(60)).until(() -> processes.loki.queryCount() > 0);
            product.stop();
        }

        // one line per class: "[0.123s][info][class,load] org.example.Name source: ..."
        List<String> loaded = Files.readAllLines(classLog).stream().map(line -> line.split(" ")[1]).toList();
        assertThat(loaded).as("the log covers the start up to the first query")
                .contains(Leadership.class.getName(), "dev.logremediation.loki.LokiPoller");
        assertThat(loaded).filteredOn(name -> CLUSTER_PACKAGES.stream().anyMatch(name::startsWith)).isEmpty();
        // nor the acknowledgement page's listener, which only oncall.public-url starts (Camel loads every jar's type
        // converters, netty-http's among them, but neither its component nor a consumer)
        assertThat(loaded).doesNotContain("org.apache.camel.component.netty.http.NettyHttpComponent",
                "org.apache.camel.component.netty.http.NettyHttpConsumer");
    }
}
