package dev.logremediation.bench;

import dev.logremediation.detect.ErrorDetector;
import dev.logremediation.detect.ErrorEvent;
import dev.logremediation.detect.LogClassifier;
import dev.logremediation.loki.DeliveredLines;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.loki.QueryRangeAnswer;
import dev.logremediation.loki.RangeRead;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the product's per-page work goes, without Camel, HTTP or a child JVM: the same classes the poll and detect
 * routes call, one thread, over the query_range pages the batch benchmark saved. Not the product's figure (this JVM
 * has a bigger heap and no routes); it says how much of the end-to-end time the core steps explain.
 */
final class PipelineBreakdown {

    record Pass(double parseSeconds, double dedupeSeconds, double detectSeconds, long lines, long errors) {
        double total() {
            return parseSeconds + dedupeSeconds + detectSeconds;
        }
    }

    private PipelineBreakdown() {
    }

    /** One pass over the pages: QueryRangeAnswer.read, RangeRead.accept (identity de-duplication), ErrorDetector.detect. */
    static Pass pass(List<Path> pages, long fromNanos, long toNanos, int pageLimit) throws Exception {
        RangeRead range = new RangeRead("{}", fromNanos, toNanos, pageLimit, pageLimit, DeliveredLines.none(), 0);
        ErrorDetector detector = new ErrorDetector(LogClassifier.defaults());
        long parse = 0;
        long dedupe = 0;
        long detect = 0;
        long lines = 0;
        long errors = 0;
        for (Path page : pages) {
            byte[] body = Files.readAllBytes(page);
            long t0 = System.nanoTime();
            List<LogEntry> entries = QueryRangeAnswer.read(new ByteArrayInputStream(body));
            long t1 = System.nanoTime();
            range.nextHttpQuery();
            List<LogEntry> fresh = range.accept(entries, body.length);
            long t2 = System.nanoTime();
            List<ErrorEvent> found = detector.detect(fresh);
            long t3 = System.nanoTime();
            parse += t1 - t0;
            dedupe += t2 - t1;
            detect += t3 - t2;
            lines += fresh.size();
            errors += found.size();
        }
        return new Pass(parse / 1e9, dedupe / 1e9, detect / 1e9, lines, errors);
    }
}
