package dev.logremediation.pipeline;

import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper server for the leader-election tests: the one .ci/run starts when LOG_REMEDIATION_TEST_ZK names it
 * (host:port), otherwise Curator's in-process server, started once per test JVM on a free port of 127.0.0.1.
 */
public final class TestZooKeeper {

    private static String nodes;

    private TestZooKeeper() {
    }

    /** host:port of the server in use. */
    public static synchronized String nodes() throws Exception {
        if (nodes == null) {
            String configured = System.getenv("LOG_REMEDIATION_TEST_ZK");
            if (configured != null && !configured.isBlank()) {
                nodes = configured;
            } else {
                TestingServer zooKeeper = new TestingServer(true);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        zooKeeper.close();
                    } catch (java.io.IOException ignored) {
                        // the JVM is going; the server's directory is temporary
                    }
                }, "test-zookeeper-stop"));
                nodes = "127.0.0.1:" + zooKeeper.getPort();
            }
        }
        return nodes;
    }
}
