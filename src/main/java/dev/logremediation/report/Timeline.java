package dev.logremediation.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the product did for each incident (emails, links followed, purchases), for its report. Each entry has a key
 * and is kept once, so a step repeated after a crash or a re-read is not listed twice.
 */
public interface Timeline {

    /** Keeps the entry unless one with the same key was kept before. */
    void add(String incidentId, String entryKey, TimelineEntry entry);

    /** The incident's entries, oldest first. */
    List<TimelineEntry> of(String incidentId);

    /** A timeline in memory (a batch over a fixed window), bounded to the most recent incidents. */
    static Timeline inMemory() {
        return new Timeline() {
            private final Map<String, Map<String, TimelineEntry>> entries = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, TimelineEntry>> eldest) {
                    return size() > 10_000;
                }
            };

            @Override
            public synchronized void add(String incidentId, String entryKey, TimelineEntry entry) {
                entries.computeIfAbsent(incidentId, id -> new LinkedHashMap<>()).putIfAbsent(entryKey, entry);
            }

            @Override
            public synchronized List<TimelineEntry> of(String incidentId) {
                List<TimelineEntry> list = new ArrayList<>(entries.getOrDefault(incidentId, Map.of()).values());
                list.sort(Comparator.comparing(TimelineEntry::at));
                return list;
            }
        };
    }
}
