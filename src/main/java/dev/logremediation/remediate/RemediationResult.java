package dev.logremediation.remediate;

import java.time.Instant;

/**
 * One followed (or refused) link and what came of it; safe to log and store: the link's api key is masked.
 *
 * @param maskedLink the link, api key masked
 * @param outcome    what it achieved
 * @param status     the HTTP status, 0 when no answer came
 * @param detail     one line: the factory's message, or why it was refused or failed
 * @param at         when
 */
public record RemediationResult(String maskedLink, RemediationOutcome outcome, int status, String detail, Instant at) implements java.io.Serializable {
}
