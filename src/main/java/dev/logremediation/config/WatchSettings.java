package dev.logremediation.config;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a watch's template parameters into a typed {@link Watch}, once per watch: the poll route asks on every tick
 * and gets the same object back. A bad parameter fails with one line naming the watch and the parameter.
 */
public final class WatchSettings {

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    public Watch of(String name, String query, String threshold, String window, String quietPeriod, String recipients,
                    String noDataAfter) {
        return watches.computeIfAbsent(name, n -> parse(n, query, threshold, window, quietPeriod, recipients,
                noDataAfter));
    }

    private static Watch parse(String name, String query, String threshold, String window, String quietPeriod,
                               String recipients, String noDataAfter) {
        String where = "watch " + name + ": ";
        List<String> to = SettingValues.list(recipients);
        if (to.isEmpty()) {
            throw new InvalidSettingException(where + "recipients", recipients, "one or more e-mail addresses");
        }
        return new Watch(name, SettingValues.required(where + "query", query),
                SettingValues.positiveInt(where + "threshold", threshold),
                SettingValues.duration(where + "window", window),
                SettingValues.duration(where + "quietPeriod", quietPeriod), to,
                SettingValues.duration(where + "noDataAfter", noDataAfter));
    }
}
