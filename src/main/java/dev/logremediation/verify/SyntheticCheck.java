package dev.logremediation.verify;

import dev.logremediation.detect.ErrorEvent;

import java.time.Instant;
import java.util.List;

/** Turns a failed scheduled purchase into an error event, so it opens incidents the way log errors do. */
public final class SyntheticCheck {

    /** The incident key of failed synthetic purchases. */
    public static final String KEY = "synthetic-purchase";

    public List<ErrorEvent> asErrors(PurchaseVerdict verdict) {
        Instant at = verdict.at();
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return List.of(new ErrorEvent(KEY, nanos, "verification purchase " + verdict.reason(), List.of(),
                verdict.detail()));
    }
}
