package dev.logremediation.cli;

import dev.logremediation.config.Settings;
import dev.logremediation.config.WatchSettings;
import dev.logremediation.loki.BatchWindow;
import dev.logremediation.report.IncidentLedger;
import dev.logremediation.report.IncidentReportWriter;
import dev.logremediation.report.IncidentRecord;
import dev.logremediation.report.RunReport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import dev.logremediation.incident.Incident;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code once}: reads a past window (or from the saved cursor up to now) through the same routes as the live run,
 * grouping errors by log time, then completes the incidents that ended (all of them over a fixed window), writes the
 * report and exits.
 */
final class BatchRun {

    /** The id of the aggregation in routes/detect.camel.yaml. */
    static final String AGGREGATE_ID = "incident-aggregate";

    record Options(Instant from, Instant to, boolean dryRun, Path report, String reportFormat, boolean failOnIncident) {
    }

    /** The exit code, and the report when the window was read. */
    record Outcome(int exitCode, RunReport report) {
    }

    private BatchRun() {
    }

    static int run(Path config, Options options, Map<String, String> extraSettings, PrintStream out, PrintStream err)
            throws Exception {
        return execute(config, options, extraSettings, out, err).exitCode();
    }

    static Outcome execute(Path config, Options options, Map<String, String> extraSettings, PrintStream out,
                           PrintStream err) throws Exception {
        Map<String, String> settings = new HashMap<>(extraSettings);
        settings.put("loki.poll-interval", "1");  // one chunk after another
        settings.put("loki.first-poll-delay", "0");
        settings.put("observe.enabled", "false"); // a batch is watched by its exit code, not by a scrape
        // acknowledgements are taken by the running instance: a batch serves no page and leaves the mailbox alone
        settings.put("oncall.http.enabled", "false");
        settings.put("oncall.imap.host", "");
        if (options.dryRun()) {
            settings.put("notify.dry-run", "true");
            settings.put("remediation.enabled", "false"); // a dry run acts on nothing
        }
        BatchWindow window = new BatchWindow(options.from() == null ? null : TimeArgument.nanos(options.from()),
                TimeArgument.nanos(options.to()));
        try (Application app = Application.start(config, settings, window)) {
            CamelContext context = app.context();
            AtomicReference<String> pollFailure = watchPollFailures(context);
            int watches = WatchSettings.routes(context).size();
            if (watches == 0) {
                throw new UsageException("No watch is declared: add a templatedRoute of poll-loki to the route files");
            }
            Progress progress = new Progress(err, window, options.from());
            // a poll that failed after its retries ends the run: its lines were not read
            boolean read = false;
            while (pollFailure.get() == null && !read) {
                read = window.awaitRead(watches, 500);
                progress.show();
            }
            progress.done();
            if (pollFailure.get() != null) {
                err.println("log-remediation: Loki could not be read: " + pollFailure.get());
                return new Outcome(ExitCode.LOKI_FAILED, null);
            }
            completeOpenIncidents(context, window);

            Settings typed = new Settings(context.getPropertiesComponent());
            ZoneId zone = ZoneId.of(typed.text("report.zone")).normalized();
            IncidentLedger ledger = context.getRegistry().lookupByNameAndType("incidentLedger", IncidentLedger.class);
            RunReport report = ledger.report("Incident report: " + (options.from() == null ? "catch-up" : options.from())
                    + " .. " + options.to(), options.from(), options.to(), zone);
            summarise(report, out);
            if (options.report() != null) {
                Files.writeString(options.report(), new IncidentReportWriter().render(report, options.reportFormat()));
                out.println("Report written to " + options.report());
            }
            boolean found = options.failOnIncident() && !report.incidents().isEmpty();
            return new Outcome(found ? ExitCode.INCIDENTS_FOUND : ExitCode.DONE, report);
        }
    }

    /** A poll that ended with a handled failure (Loki refused or unreachable after retries) fails the run. */
    private static AtomicReference<String> watchPollFailures(CamelContext context) throws Exception {
        AtomicReference<String> failure = new AtomicReference<>();
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
                Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                if (caught != null && exchange.getFromRouteId() != null && exchange.getFromRouteId().startsWith("watch-")) {
                    failure.compareAndSet(null, LogRemediation.rootMessage(caught));
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent;
            }
        };
        context.getManagementStrategy().addEventNotifier(notifier);
        notifier.start();
        return failure;
    }

    /**
     * The window is read. Over a fixed window, what is still open is complete as far as these logs tell. A cursor
     * run (cron catch-up) completes only the incidents quiet by log time at the window's end; the others stay in the
     * state database and the next run continues them, so an outage spanning runs stays one incident.
     */
    private static void completeOpenIncidents(CamelContext context, BatchWindow window) throws InterruptedException {
        AggregateProcessor aggregate = context.getProcessor(AGGREGATE_ID, AggregateProcessor.class);
        if (window.isFixedRange()) {
            aggregate.forceCompletionOfAllGroups();
        } else {
            AggregationRepository incidents = aggregate.getAggregationRepository();
            for (String key : incidents.getKeys()) {
                Exchange stored = incidents.get(context, key);
                Incident incident = stored == null ? null : stored.getIn().getBody(Incident.class);
                if (incident != null
                        && incident.lastNanos() + incident.openAfterLastError().toNanos() <= window.toNanos()) {
                    aggregate.forceCompletionOfGroup(key);
                }
            }
        }
        while (aggregate.getInProgressCompleteExchanges() > 0) {
            Thread.sleep(20); // completions run on the aggregator's own thread
        }
    }

    private static void summarise(RunReport report, PrintStream out) {
        out.println(report.incidents().size() + " incident(s), " + report.belowThreshold().size()
                + " episode(s) below threshold");
        for (IncidentRecord record : report.incidents()) {
            var incident = record.incident();
            out.println("  " + incident.key() + ": " + incident.count() + " errors from "
                    + Instant.ofEpochSecond(0, incident.firstNanos()) + " to " + Instant.ofEpochSecond(0, incident.lastNanos())
                    + " - " + incident.topSignature());
        }
    }

    /** Shows how far the run is on standard error, when that is a terminal. */
    private static final class Progress {
        private final PrintStream err;
        private final BatchWindow window;
        private final boolean terminal = System.console() != null;
        private final long fromNanos;

        Progress(PrintStream err, BatchWindow window, Instant from) {
            this.err = err;
            this.window = window;
            this.fromNanos = from == null ? 0 : TimeArgument.nanos(from);
        }

        void show() {
            if (!terminal) {
                return;
            }
            long position = window.slowestPositionNanos();
            String covered = fromNanos == 0 || position == 0 ? "" : String.format("%.0f%% of the window, ",
                    100.0 * (position - fromNanos) / Math.max(1, window.toNanos() - fromNanos));
            err.print("\r" + covered + window.linesRead() + " lines read");
        }

        void done() {
            if (terminal) {
                err.println("\r" + window.linesRead() + " lines read");
            }
        }
    }
}
