package dev.logremediation.verify;

import dev.logremediation.config.Settings;
import dev.logremediation.detect.ResolutionLinkExtractor;
import org.apache.camel.spi.Registry;

import java.time.Clock;

/** Reads the verification settings once and binds the beans routes/verify-purchase.camel.yaml calls. */
public final class VerificationBeans {

    private VerificationBeans() {
    }

    public static void bind(Registry registry, Settings settings) {
        VerificationSettings verification = VerificationSettings.from(settings);
        registry.bind("purchaseSteps",
                new PurchaseSteps(verification, ResolutionLinkExtractor.defaults(), Clock.systemUTC()));
        registry.bind("purchaseTimeouts", new PurchaseTimeouts(verification.timeout()));
    }
}
