package dev.logremediation.cluster;

import dev.logremediation.config.InvalidSettingException;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.util.StringHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Which instance is the active one. A Camel cluster service is chosen by configuration, as in Camel's Spring Boot and
 * Quarkus starters: {@code camel.cluster.file.enabled=true} (a lock file on a shared volume),
 * {@code camel.cluster.zookeeper.enabled=true} or {@code camel.cluster.kubernetes.enabled=true} (Kubernetes leases),
 * each with its service's own options under the same prefix ({@code camel.cluster.file.root=/shared/lock}). The
 * routes that poll Loki, complete incidents and retry emails run under the {@value #POLICY_BEAN} route policy, one
 * {@link ClusteredRoutePolicy} for the namespace {@code cluster.namespace}: only its leader runs them, and another
 * instance takes over when the leader stops or dies. Without a cluster service this instance is always the leader.
 */
public final class Leadership {

    /** The route policy the leader-only routes name. */
    public static final String POLICY_BEAN = "leaderOnly";
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    private static final String PREFIX = "camel.cluster.";
    private static final Map<String, String> SERVICES = Map.of(
            "file", "org.apache.camel.component.file.cluster.FileLockClusterService",
            "zookeeper", "org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService",
            "kubernetes", "org.apache.camel.component.kubernetes.cluster.KubernetesClusterService");

    private final String service;
    private final BooleanSupplier leader;

    private Leadership(String service, BooleanSupplier leader) {
        this.service = service;
        this.leader = leader;
    }

    /** True while this instance runs the leader-only routes (always, without a cluster service). */
    public boolean isLeader() {
        return leader.getAsBoolean();
    }

    /** "file", "zookeeper", "kubernetes", or "none". */
    public String service() {
        return service;
    }

    /**
     * Binds the {@value #POLICY_BEAN} route policy and adds the configured cluster service to the context.
     *
     * @param sharedState whether the state database is one the instances share (PostgreSQL): a cluster without it
     *                    would resend, on takeover, what the old leader had sent
     */
    public static Leadership bind(CamelContext context, String namespace, boolean sharedState) {
        Map<String, String> settings = clusterSettings(context);
        List<String> enabled = SERVICES.keySet().stream().sorted()
                .filter(kind -> "true".equalsIgnoreCase(settings.getOrDefault(PREFIX + kind + ".enabled", ""))).toList();
        if (enabled.isEmpty()) {
            return standalone(context);
        }
        if (enabled.size() > 1) {
            throw new InvalidSettingException(PREFIX + enabled.get(1) + ".enabled", "true",
                    "one cluster service only, but " + PREFIX + enabled.get(0) + ".enabled is true as well");
        }
        String kind = enabled.get(0);
        if (!sharedState) {
            throw new InvalidSettingException("state.jdbc-url", "", "a PostgreSQL URL that every instance of the "
                    + kind + " cluster shares (the embedded H2 file is one instance's own)");
        }
        CamelClusterService clusterService = create(context, kind, settings);
        try {
            context.addService(clusterService, true, false);
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(clusterService, namespace);
            context.getRegistry().bind(POLICY_BEAN, RoutePolicy.class, policy);
            logChanges(context, clusterService, namespace, kind);
            return new Leadership(kind, policy::isLeader);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the " + kind + " cluster service: " + e.getMessage(), e);
        }
    }

    /**
     * Every camel.cluster.* setting, from the properties file or the environment (CAMEL_CLUSTER_FILE_ROOT sets
     * camel.cluster.file.root, as for every other key), with blank values left out.
     */
    private static Map<String, String> clusterSettings(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Set<String> keys = new TreeSet<>(properties.loadProperties(key -> key.startsWith(PREFIX)).stringPropertyNames());
        System.getenv().keySet().stream().filter(name -> name.startsWith("CAMEL_CLUSTER_"))
                .map(name -> name.toLowerCase(Locale.ROOT).replaceFirst("^camel_cluster_([a-z]+)_", "camel.cluster.$1.")
                        .replace('_', '-'))
                .forEach(keys::add);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : keys) {
            properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty())
                    .ifPresent(value -> settings.put(key, value));
        }
        return settings;
    }

    /**
     * One INFO line per change of leader. Registered once the context has started: a listener added from within a
     * leadership event (a route started by it) would wait on the view's own lock.
     */
    private static void logChanges(CamelContext context, CamelClusterService clusterService, String namespace,
                                   String kind) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent;
            }

            @Override
            public void notify(CamelEvent event) throws Exception {
                CamelClusterView view = clusterService.getView(namespace);
                AtomicReference<String> logged = new AtomicReference<>();
                CamelClusterEventListener.Leadership log = (changed, leader) -> {
                    String id = leader == null || leader.getId() == null || leader.getId().isEmpty() ? "nobody"
                            : leader.getId();
                    if (!id.equals(logged.getAndSet(id))) {
                        LOG.info("Cluster {} ({}): leader is {}; this instance ({}) is {}", namespace, kind, id,
                                clusterService.getId(), leader != null && leader.isLocal() ? "active" : "standing by");
                    }
                };
                view.addEventListener(log);
                log.leadershipChanged(view, view.getLeader().orElse(null));
            }
        });
    }

    /** This instance alone: a batch run, or no cluster service configured. */
    public static Leadership standalone(CamelContext context) {
        context.getRegistry().bind(POLICY_BEAN, RoutePolicy.class, new RoutePolicySupport() { });
        return new Leadership("none", () -> true);
    }

    /** The service with every camel.cluster.&lt;kind&gt;.* option bound; an unknown option is an error naming it. */
    private static CamelClusterService create(CamelContext context, String kind, Map<String, String> settings) {
        Class<?> type = context.getClassResolver().resolveClass(SERVICES.get(kind));
        if (type == null) {
            throw new InvalidSettingException(PREFIX + kind + ".enabled", "true",
                    "a cluster service on the class path (" + SERVICES.get(kind) + " is missing)");
        }
        CamelClusterService clusterService = (CamelClusterService) context.getInjector().newInstance(type);
        String prefix = PREFIX + kind + ".";
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix) && !key.equals(prefix + "enabled")) {
                try {
                    PropertyBindingSupport.build().withMandatory(true).withIgnoreCase(true).bind(context,
                            clusterService, StringHelper.dashToCamelCase(key.substring(prefix.length())), value);
                } catch (RuntimeException e) {
                    throw new InvalidSettingException(key, value, "an option of " + type.getSimpleName());
                }
            }
        });
        if (clusterService.getId() == null) {
            // the member's name in the election (ZooKeeper requires one): unique per process
            clusterService.setId(ProcessHandle.current().pid() + "@" + hostName());
        }
        return clusterService;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
