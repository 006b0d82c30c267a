package dev.logremediation.notify;

import dev.logremediation.detect.Fingerprint;
import dev.logremediation.detect.SecretMasker;

/**
 * One incident event for one channel, its body built when it is queued, so that every attempt posts the same bytes.
 * The channel's URL is not in here (it is a secret and may change): delivery looks it up by name.
 *
 * @param channel    the channel's name (channel.&lt;name&gt;.*)
 * @param incidentId the incident the event belongs to
 * @param summary    one line, as the email's subject says it
 * @param json       the body to POST
 * @param dedupeKey  the event's email key with the channel's name: one message per event and channel
 */
public record ChannelMessage(String channel, String incidentId, String summary, String json, String dedupeKey)
        implements OutgoingMessage {

    @Override
    public String ledgerKey() {
        return Fingerprint.of(dedupeKey);
    }

    @Override
    public ChannelMessage masked() {
        return new ChannelMessage(channel, incidentId, SecretMasker.mask(summary), SecretMasker.mask(json), dedupeKey);
    }
}
