package dev.logremediation.notify;

import java.io.Serializable;

/** What the outbox (state/Outbox) holds and delivers: an email, or a message to a channel. */
public sealed interface OutgoingMessage extends Serializable permits OutgoingEmail, ChannelMessage {

    /** Names what the message tells, once: a message whose key was queued before is not queued again. */
    String ledgerKey();

    /** The same message with every resolution link's api key masked: what may rest without state.link-key. */
    OutgoingMessage masked();
}
