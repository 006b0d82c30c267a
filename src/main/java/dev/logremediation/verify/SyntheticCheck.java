package dev.logremediation.verify;

import dev.logremediation.config.SettingValues;
import dev.logremediation.config.Settings;
import dev.logremediation.config.Watch;
import dev.logremediation.detect.ErrorEvent;

import java.time.Instant;
import java.util.List;

/** Turns a failed scheduled purchase into an error event, so it opens incidents the way log errors do. */
public final class SyntheticCheck {

    /** The incident key of failed synthetic purchases. */
    public static final String KEY = "synthetic-purchase";

    private final Watch watch;

    private SyntheticCheck(Watch watch) {
        this.watch = watch;
    }

    /** Its failed purchases are aggregated as the errors of this watch, read from the verification.* settings. */
    public static SyntheticCheck from(Settings settings) {
        return new SyntheticCheck(new Watch(KEY, "verification purchase at " + settings.text("verification.shop-url"),
                settings.positiveInt("verification.failures-to-alert"), settings.duration("verification.failure-window"),
                settings.duration("verification.failure-quiet-period"), SettingValues.list(settings.text("mail.to")),
                java.time.Duration.ZERO)); // its own failures are its signal: no no-data rule
    }

    public Watch watch() {
        return watch;
    }

    public List<ErrorEvent> asErrors(PurchaseVerdict verdict) {
        Instant at = verdict.at();
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return List.of(new ErrorEvent(KEY, nanos, "verification purchase " + verdict.reason(), List.of(),
                verdict.detail()));
    }
}
