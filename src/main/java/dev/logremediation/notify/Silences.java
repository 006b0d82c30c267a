package dev.logremediation.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where silences are kept, shared by every instance: implemented by the state database (state/SilenceTable). */
public interface Silences {

    void add(Silence silence);

    Optional<Silence> byId(String id);

    /** The silences active at {@code now} or starting later. */
    List<Silence> notEndedAt(Instant now);

    /** Ends the silence at {@code now}; false when it had already ended. */
    boolean expire(String id, Instant now);
}
