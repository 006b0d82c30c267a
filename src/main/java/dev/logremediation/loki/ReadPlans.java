package dev.logremediation.loki;

import dev.logremediation.config.Watch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How each watch reads Loki: pushed down unless the watch, its query or the detector's configuration says no. */
public final class ReadPlans {

    private static final Logger LOG = LoggerFactory.getLogger(ReadPlans.class);

    private final ErrorSignals signals;
    private final String whyNoPushDown;
    private final Map<String, ReadPlan> plans = new ConcurrentHashMap<>();

    /**
     * @param signals       what makes a line an error, as the detector states it
     * @param whyNoPushDown why the detector finds errors that no such query holds; null when it does not
     */
    public ReadPlans(ErrorSignals signals, String whyNoPushDown) {
        this.signals = signals;
        this.whyNoPushDown = whyNoPushDown;
    }

    /** Every line of every watch: a batch that compares, or a detector that cannot state its signals. */
    public static ReadPlans fullReads(String why) {
        return new ReadPlans(null, why);
    }

    public ReadPlan of(Watch watch) {
        return plans.computeIfAbsent(watch.name(), name -> plan(watch));
    }

    private ReadPlan plan(Watch watch) {
        ReadPlan plan;
        if (!watch.pushDown()) {
            plan = ReadPlan.fullRead(watch.query(), "its parameter pushDown is false");
        } else if (whyNoPushDown != null) {
            plan = ReadPlan.fullRead(watch.query(), whyNoPushDown);
        } else {
            plan = ReadPlan.pushDown(watch.query(), signals);
        }
        if (plan.pushedDown()) {
            LOG.debug("Watch {} reads Loki with {} queries: {}", watch.name(), plan.queries().size(), plan.queries());
        } else {
            LOG.info("Watch {} reads every line its query selects, not only those that can be errors: {}",
                    watch.name(), plan.fullReadReason());
        }
        return plan;
    }
}
