package dev.logremediation.cluster;

import dev.logremediation.config.InvalidSettingException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RoutePolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster service is chosen and configured by properties; a mistake names the property to fix. */
class LeadershipSettingsTest {

    @Test
    void withoutAClusterServiceThisInstanceIsAlwaysTheLeader() throws Exception {
        try (DefaultCamelContext context = context(Map.of("camel.cluster.file.enabled", "false"))) {
            Leadership leadership = Leadership.bind(context, "ns", true);
            assertThat(leadership.isLeader()).isTrue();
            assertThat(leadership.service()).isEqualTo("none");
            assertThat(context.getRegistry().lookupByNameAndType(Leadership.POLICY_BEAN, RoutePolicy.class)).isNotNull();
        }
    }

    @Test
    void twoClusterServicesAtOnceAreRefusedNamingTheSecond() throws Exception {
        try (DefaultCamelContext context = context(Map.of("camel.cluster.file.enabled", "true",
                "camel.cluster.file.root", "/tmp", "camel.cluster.zookeeper.enabled", "true"))) {
            assertThatThrownBy(() -> Leadership.bind(context, "ns", true)).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("camel.cluster.zookeeper.enabled")
                    .hasMessageContaining("camel.cluster.file.enabled");
        }
    }

    @Test
    void anOptionTheServiceDoesNotHaveIsNamed() throws Exception {
        try (DefaultCamelContext context = context(Map.of("camel.cluster.file.enabled", "true",
                "camel.cluster.file.rooot", "/tmp"))) {
            assertThatThrownBy(() -> Leadership.bind(context, "ns", true)).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("camel.cluster.file.rooot");
        }
    }

    @Test
    void theFileServiceTakesItsOptionsFromTheProperties(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        try (DefaultCamelContext context = context(Map.of("camel.cluster.file.enabled", "true",
                "camel.cluster.file.root", root.toString(), "camel.cluster.file.acquire-lock-interval", "3"))) {
            Leadership leadership = Leadership.bind(context, "ns", true);
            assertThat(leadership.service()).isEqualTo("file");
            org.apache.camel.component.file.cluster.FileLockClusterService service = context
                    .hasService(org.apache.camel.component.file.cluster.FileLockClusterService.class);
            assertThat(service.getRoot()).isEqualTo(root.toString());
            assertThat(service.getAcquireLockInterval()).isEqualTo(3);
            assertThat(service.getId()).as("a member name unique to this process").contains("@");
        }
    }

    @Test
    void kubernetesLeasesTakeTheirOptionsFromThePropertiesWithoutACluster() throws Exception {
        try (DefaultCamelContext context = context(Map.of("camel.cluster.kubernetes.enabled", "true",
                "camel.cluster.kubernetes.kubernetes-namespace", "oncall", "camel.cluster.kubernetes.lease-duration-millis",
                "20000"))) {
            Leadership leadership = Leadership.bind(context, "ns", true);
            assertThat(leadership.service()).isEqualTo("kubernetes");
            org.apache.camel.component.kubernetes.cluster.KubernetesClusterService service = context
                    .hasService(org.apache.camel.component.kubernetes.cluster.KubernetesClusterService.class);
            assertThat(service.getKubernetesNamespace()).isEqualTo("oncall");
            assertThat(service.getLeaseDurationMillis()).isEqualTo(20000);
        }
    }

    @Test
    void aClusterWithoutASharedStateDatabaseIsRefused() throws Exception {
        try (DefaultCamelContext context = context(Map.of("camel.cluster.file.enabled", "true",
                "camel.cluster.file.root", "/tmp"))) {
            assertThatThrownBy(() -> Leadership.bind(context, "ns", false)).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("state.jdbc-url");
        }
    }

    private static DefaultCamelContext context(Map<String, String> settings) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(settings);
        context.getPropertiesComponent().setInitialProperties(properties);
        return context;
    }
}
