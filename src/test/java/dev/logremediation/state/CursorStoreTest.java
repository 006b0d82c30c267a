package dev.logremediation.state;

import dev.logremediation.loki.DeliveredLines;
import dev.logremediation.loki.LogEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cursor as two instances sharing one state database see it (two stores on one database), and after a poll
 * that failed: what a poll starts from must be what is stored.
 */
class CursorStoreTest {

    private static final LogEntry LINE = new LogEntry(1_000, Map.of("component", "svc"), "boom");

    @TempDir
    Path stateDir;
    private StateDatabase database;

    @BeforeEach
    void open() {
        database = StateDatabase.open(stateDir, "", "", "");
    }

    @AfterEach
    void close() {
        database.stop();
    }

    @Test
    void anInstanceTakingOverStartsFromTheOtherOnesCursorAndTheFormerLeaderNoticesWhenItReturns() {
        CursorStore first = database.cursors();
        CursorStore second = database.cursors();
        List<String> takenOver = new ArrayList<>();
        first.onTakenOver(takenOver::add);

        poll(first, 2_000);
        DeliveredLines successor = second.get("svc");
        assertThat(successor.cursorNanos()).as("the successor starts where the leader stopped").isEqualTo(2_000);
        successor.advance(3_000, 3_000);
        second.save("svc", successor);

        assertThat(first.get("svc").cursorNanos()).as("the former leader, back, starts from the stored cursor")
                .isEqualTo(3_000);
        assertThat(takenOver).containsExactly("svc");
    }

    @Test
    void twoInstancesNeverMoveOneCursorOverEachOther() {
        CursorStore first = database.cursors();
        CursorStore second = database.cursors();
        poll(first, 2_000);
        DeliveredLines firstSees = first.get("svc");
        DeliveredLines secondSees = second.get("svc");
        secondSees.advance(3_000, 3_000);
        second.save("svc", secondSees);

        firstSees.advance(4_000, 4_000);
        assertThatThrownBy(() -> first.save("svc", firstSees)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moved by another instance");
        assertThat(database.cursors().get("svc").cursorNanos()).isEqualTo(3_000);
    }

    @Test
    void afterAPollThatDidNotSaveTheLinesItMarkedAreNewAgain() {
        CursorStore store = database.cursors();
        poll(store, 500);
        assertThat(store.get("svc").markDelivered(LINE)).isTrue(); // read, then the poll failed: nothing saved
        assertThat(store.get("svc").markDelivered(LINE)).as("read again by the next poll, not dropped as a repeat")
                .isTrue();
    }

    /** A poll that read up to {@code cursor} and saved it. */
    private static void poll(CursorStore store, long cursor) {
        DeliveredLines lines = store.get("svc");
        lines.advance(cursor, cursor);
        store.save("svc", lines);
    }
}
