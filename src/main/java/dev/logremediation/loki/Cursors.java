package dev.logremediation.loki;

/**
 * Where each watch's cursor is kept between polls (state/CursorStore: the state database, or memory for a batch run).
 * Declared here, by its user, so that {@code loki} needs nothing of {@code state}.
 */
public interface Cursors {

    /** The cursor a poll of the watch starts from. */
    DeliveredLines get(String watch);

    /** Stores the cursor after a poll handed every page on; throws when another instance moved it meanwhile. */
    void save(String watch, DeliveredLines lines);
}
