package dev.logremediation.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/** A check of /observe/health/ready only: the product's own checks say whether it can do its work, not whether it lives. */
abstract class ReadinessCheck extends AbstractHealthCheck {

    ReadinessCheck(String id) {
        super("log-remediation", id);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }
}
