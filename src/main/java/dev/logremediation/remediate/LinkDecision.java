package dev.logremediation.remediate;

import dev.logremediation.detect.Fingerprint;

/**
 * Whether a resolution link may be followed.
 *
 * @param link    the link as found (holds the api key: never log it, use {@code masked})
 * @param masked  the link with its api key masked, for logs, the audit and reports
 * @param allowed true when every policy check passed
 * @param reason  why it was refused; empty when allowed
 */
public record LinkDecision(String link, String masked, boolean allowed, String reason) {

    /** What the followed-links store keeps: a digest, so the api key is not written to disk. */
    public String id() {
        return Fingerprint.of(link);
    }

    @Override
    public String toString() {
        return "LinkDecision[" + masked + (allowed ? ", allowed" : ", refused: " + reason) + "]";
    }
}
