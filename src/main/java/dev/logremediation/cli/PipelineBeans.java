package dev.logremediation.cli;

import dev.logremediation.cluster.Leadership;
import dev.logremediation.config.ConfigurationProblems;
import dev.logremediation.config.Settings;
import dev.logremediation.config.SettingValues;
import dev.logremediation.config.WatchSettings;
import dev.logremediation.detect.ErrorDetector;
import dev.logremediation.detect.LogClassifier;
import dev.logremediation.detect.ResolutionLinkExtractor;
import dev.logremediation.incident.ErrorBatches;
import dev.logremediation.incident.IncidentAggregation;
import dev.logremediation.incident.IncidentClosing;
import dev.logremediation.incident.LinkVault;
import dev.logremediation.loki.LokiPoller;
import dev.logremediation.loki.ReadPlans;
import dev.logremediation.loki.LokiSurvey;
import dev.logremediation.loki.NoDataWatch;
import dev.logremediation.loki.PollWatchdog;
import dev.logremediation.notify.NoDataEmail;
import dev.logremediation.notify.WatchdogEmail;
import dev.logremediation.loki.LokiSettings;
import dev.logremediation.notify.ChannelMessages;
import dev.logremediation.notify.DryRunPrinter;
import dev.logremediation.notify.IncidentEmail;
import dev.logremediation.notify.MessageTemplates;
import dev.logremediation.notify.RemediationEmail;
import dev.logremediation.notify.OnCallEmail;
import dev.logremediation.oncall.AckLinkPage;
import dev.logremediation.oncall.AckTokens;
import dev.logremediation.oncall.EscalationPolicy;
import dev.logremediation.oncall.OnCallLoop;
import dev.logremediation.oncall.OnCallRecipients;
import dev.logremediation.oncall.OnCallSchedule;
import dev.logremediation.oncall.ReplyReader;
import dev.logremediation.oncall.ScheduleFile;
import dev.logremediation.notify.ReportAttachment;
import dev.logremediation.notify.MaintenanceWindows;
import dev.logremediation.notify.Silencing;
import dev.logremediation.report.IncidentLedger;
import dev.logremediation.report.IncidentReports;
import dev.logremediation.loki.BatchWindow;
import dev.logremediation.state.CursorStore;
import dev.logremediation.state.Outbox;
import dev.logremediation.state.StateDatabase;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import dev.logremediation.remediate.FactoryAnswer;
import dev.logremediation.remediate.FollowBudget;
import dev.logremediation.remediate.LinkPolicy;
import dev.logremediation.remediate.RemediationAudit;
import dev.logremediation.remediate.RemediationWork;
import dev.logremediation.report.Timeline;
import dev.logremediation.state.RemediationActions;
import dev.logremediation.state.SealedLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.logremediation.verify.SyntheticCheck;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the settings once and binds the beans the routes call, by the names the routes use. */
public final class PipelineBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineBeans.class);

    private final BatchWindow batch;
    private final StateDatabase.H2Use h2Use;

    /**
     * @param batch null for a live run; the window of a batch run otherwise
     * @param h2Use how the embedded H2 file is opened (served to the commands beside a live run)
     */
    PipelineBeans(BatchWindow batch, StateDatabase.H2Use h2Use) {
        this.batch = batch;
        this.h2Use = h2Use;
    }

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context.getPropertiesComponent());
        Registry registry = context.getRegistry();

        LokiSettings loki = new LokiSettings(settings.text("loki.user"), settings.secret("loki.token"),
                settings.text("loki.org-id"), settings.positiveInt("loki.page-limit"),
                settings.positiveInt("loki.max-page-limit"), settings.duration("loki.overlap"),
                settings.duration("loki.recheck"), settings.duration("loki.lag"), settings.duration("loki.max-range"));
        Path stateDir = Path.of(settings.text("state.dir"));
        StateDatabase database = openState(context, settings, stateDir, h2Use);
        // a batch over a fixed window neither reads nor moves the saved cursors
        CursorStore cursors = batch != null && batch.isFixedRange() ? CursorStore.inMemory() : database.cursors();
        // every watch is read when the context initialises, before its route is created
        WatchSettings watches = new WatchSettings();
        registry.bind("watchSettings", watches);
        context.addLifecycleStrategy(watches);
        MessageTemplates templates = new MessageTemplates(Path.of(settings.text("notify.templates-dir")));
        registry.bind("messageTemplates", templates);
        PollWatchdog watchdog = new PollWatchdog(settings.duration("loki.blind-after"), Clock.systemUTC());
        registry.bind("pollWatchdog", watchdog);
        registry.bind("watchdogEmail", new WatchdogEmail(settings.text("loki.url"), templates));
        NoDataWatch noData = new NoDataWatch(Clock.systemUTC());
        registry.bind("noDataWatch", noData);
        registry.bind("noDataEmail", new NoDataEmail(settings.text("loki.url"), templates));
        registry.bind("lokiSurvey", new LokiSurvey(loki, Clock.systemUTC()));
        ResolutionLinkExtractor links = new ResolutionLinkExtractor(
                extraLinkPatterns(settings.text("detect.extra-link-patterns")));
        List<String> keyLabels = SettingValues.list(settings.text("detect.key-labels"));
        LogClassifier classifier = new LogClassifier(keyLabels, links);
        registry.bind("errorDetector", new ErrorDetector(classifier));
        ReadPlans plans = new ReadPlans(classifier.errorSignals(), classifier.whyNoPushDown());
        registry.bind("readPlans", plans);
        registry.bind("lokiPoller", new LokiPoller(loki, cursors, Clock.systemUTC(), batch, watchdog, noData, plans));

        boolean fixedWindow = batch != null && batch.isFixedRange();
        SealedLinks sealed = sealedLinks(settings, database);
        LinkVault linkVault = fixedWindow ? new LinkVault() : new LinkVault(sealed);
        registry.bind("incidentAggregation", new IncidentAggregation(linkVault));
        bindIncidents(context, settings, database, cursors, sealed);
        registry.bind("incidentClosing", new IncidentClosing(linkVault));
        FollowBudget budget = fixedWindow ? FollowBudget.inMemory(Clock.systemUTC()) : database.hostBudget();
        LinkPolicy linkPolicy = new LinkPolicy(SettingValues.list(settings.text("remediation.allowed-hosts")),
                settings.positiveInt("remediation.max-per-hour"), budget);
        // the FIRING email tells whether the product follows each link itself, as the remediation round will decide
        boolean remediation = Boolean.parseBoolean(settings.text("remediation.enabled"));
        OnCallSchedule schedule = ScheduleFile.read(settings.text("oncall.schedule-file"));
        OnCallRecipients onCall = bindOnCall(context, settings, watches, schedule);
        AckTokens ackTokens = new AckTokens(settings.text("oncall.public-url"), settings.secret("oncall.link-key"),
                !settings.text("oncall.imap.host").isBlank());
        registry.bind("ackTokens", ackTokens);
        IncidentEmail email = new IncidentEmail(settings.text("grafana.url"), settings.text("grafana.datasource"),
                remediation ? linkPolicy::whyNotFollowed : null, templates, ackTokens);
        registry.bind("incidentEmail", email);
        registry.bind("onCallEmail", new OnCallEmail(templates, ackTokens, email));
        registry.bind("silences", database.silences());
        MaintenanceWindows maintenance = MaintenanceWindows.parse(settings.text("oncall.maintenance"),
                java.time.ZoneId.of(settings.text("oncall.maintenance-zone")));
        // the watches are known once the context has read them (WatchSettings)
        context.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextInitialized(CamelContext initialized) {
                maintenance.checkWatches(watches.all().stream().map(dev.logremediation.config.Watch::name).toList());
            }
        });
        Silencing silencing = new Silencing(database.silences(), maintenance, Clock.systemUTC());
        registry.bind("silencing", silencing);
        Outbox outbox = registry.lookupByNameAndType("outbox", Outbox.class);
        OnCallLoop onCallLoop = new OnCallLoop(database.pages(), onCall, settings.duration("oncall.remind-every"),
                escalation(settings, schedule), watches::all, database.silences(), silencing,
                incidentId -> outbox.heldBy(incidentId) != null, Clock.systemUTC());
        registry.bind("onCallLoop", onCallLoop);
        registry.bind("replyReader", new ReplyReader(onCallLoop));
        ReplyMailbox.bind(context, settings);
        registry.bind("ackLinkPage", new AckLinkPage(ackTokens, onCallLoop, templates));
        registry.bind("dryRunPrinter", new DryRunPrinter(System.out));
        registry.bind("channelMessages", new ChannelMessages(settings::channel, watches::all,
                settings.text("grafana.url")));
        registry.bind("reportAttachment", new ReportAttachment());
        IncidentLedger ledger = new IncidentLedger(batch != null ? Integer.MAX_VALUE : 1000,
                fixedWindow ? Timeline.inMemory() : database.timeline());
        registry.bind("incidentLedger", ledger);
        registry.bind("incidentReports", new IncidentReports(ledger, stateDir,
                java.time.ZoneId.of(settings.text("report.zone")).normalized()));

        bindRemediation(registry, settings, linkPolicy, stateDir, database, linkVault, ledger, templates);
        dev.logremediation.verify.VerificationBeans.bind(registry, settings);
        configureMailLogin(context, settings);
        checkReplyTo(settings.text("mail.reply-to"));
        // a batch run is one instance reading a window: it never waits for leadership
        Leadership leadership = batch != null ? Leadership.standalone(context)
                : Leadership.bind(context, settings.text("cluster.namespace"),
                        !settings.text("state.jdbc-url").isBlank());
        dev.logremediation.observe.ObserveBeans.bind(context, settings, leadership);
    }

    /**
     * Whoever is on call for the rotations recipients name. A watch naming a rotation the schedule lacks (in its
     * recipients or its escalation) or escalation levels that cannot be read stop the start once the watches are
     * read, like any other bad watch parameter.
     */
    private static OnCallRecipients bindOnCall(CamelContext context, Settings settings, WatchSettings watches,
                                               OnCallSchedule schedule) {
        OnCallRecipients onCall = new OnCallRecipients(schedule,
                SettingValues.list(settings.text("mail.to")), Clock.systemUTC());
        context.getRegistry().bind("onCallRecipients", onCall);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextInitializing(CamelContext initializing) {
                List<String> problems = new java.util.ArrayList<>(onCall.unknownRotations(watches.all(),
                        WatchLines.recipients(settings.text("camel.main.routes-include-pattern"))));
                problems.addAll(EscalationPolicy.problemsOfWatches(watches.all(), schedule));
                if (!problems.isEmpty()) {
                    throw new ConfigurationProblems(problems);
                }
            }
        });
        return onCall;
    }

    /** oncall.escalation, whose rotations the schedule must define. */
    private static EscalationPolicy escalation(Settings settings, OnCallSchedule schedule) {
        EscalationPolicy policy = EscalationPolicy.parse(settings.text("oncall.escalation"));
        List<String> problems = policy.unknownRotations(schedule);
        if (!problems.isEmpty()) {
            throw new ConfigurationProblems(problems);
        }
        return policy;
    }

    /** The state database, closed when Camel stops (after the routes). */
    private static StateDatabase openState(CamelContext context, Settings settings, Path stateDir,
                                           StateDatabase.H2Use h2Use) {
        StateDatabase database = StateDatabase.open(stateDir, settings.text("state.jdbc-url"),
                settings.text("state.jdbc-user"), settings.secret("state.jdbc-password"), h2Use);
        try {
            context.addService(database, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the state database with Camel", e);
        }
        return database;
    }

    /**
     * Open incidents and sent emails live in the state database, so a crash loses no incident and sends nothing
     * twice. A batch over a fixed window completes every incident it finds, so it keeps them in memory.
     */
    private void bindIncidents(CamelContext context, Settings settings, StateDatabase database, CursorStore cursors,
                               SealedLinks sealed) {
        Registry registry = context.getRegistry();
        boolean inMemory = batch != null && batch.isFixedRange()
                || "memory".equals(settings.text("state.incidents"));
        AggregationRepository incidents = inMemory ? new MemoryAggregationRepository() : database.incidentRepository();
        registry.bind("incidentRepository", incidents);
        ErrorBatches batches = new ErrorBatches(incidents, context);
        // another instance polled meanwhile: what this one remembers of open incidents is stale
        cursors.onTakenOver(batches::forget);
        registry.bind("errorBatches", batches);
        registry.bind("outbox", database.outbox(sealed, settings.duration("mail.outbox-claim"),
                settings.duration("mail.retry-first"), settings.duration("mail.retry-max")));
    }

    /** Remediation rounds are rows in the state database, worked on by the leader. */
    private static void bindRemediation(Registry registry, Settings settings, LinkPolicy policy, Path stateDir,
                                        StateDatabase database, LinkVault vault, IncidentLedger ledger,
                                        MessageTemplates templates) {
        registry.bind("factoryAnswer", new FactoryAnswer());
        registry.bind("syntheticCheck", SyntheticCheck.from(settings));
        RemediationActions actions = database.remediationActions(settings.duration("remediation.action-lease"),
                settings.duration("remediation.retry-first"), settings.duration("remediation.retry-max"));
        registry.bind("remediationWork", new RemediationWork(actions, vault, policy, ledger,
                new RemediationAudit(stateDir), new RemediationEmail(templates),
                Boolean.parseBoolean(settings.text("verification.enabled")),
                java.time.Duration.ofMillis(Long.parseLong(settings.text("verification.delay")))));
        // remembers every link followed, across restarts and instances, so none is followed twice
        registry.bind("followedLinks", database.followedLinks());
    }

    /**
     * What seals links (and emails holding them) in the state database under state.link-key; without a key, links
     * live in memory only (said once when remediation is on, since a restart then cannot follow them).
     */
    private static SealedLinks sealedLinks(Settings settings, StateDatabase database) {
        SealedLinks sealed = database.sealedLinks(settings.secret("state.link-key"));
        if (!sealed.sealing() && Boolean.parseBoolean(settings.text("remediation.enabled"))) {
            LOG.warn("state.link-key is not set: full resolution links are kept in memory only, so after a restart or"
                    + " a takeover the links of open incidents are shown masked and cannot be followed; set"
                    + " STATE_LINK_KEY or state.link-key-file (openssl rand -base64 32), the same on every instance");
        }
        return sealed;
    }

    private static List<Pattern> extraLinkPatterns(String text) {
        // patterns are separated by whitespace, since a comma is common inside a regular expression
        return java.util.Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).map(regex -> {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new dev.logremediation.config.InvalidSettingException("detect.extra-link-patterns", regex,
                        "a Java regular expression (" + e.getDescription() + ")");
            }
        }).toList();
    }

    /** Login only when a user is set: an empty user would still make the mail component try to authenticate. */
    private static void configureMailLogin(CamelContext context, Settings settings) {
        String user = settings.text("mail.user");
        if (!user.isEmpty()) {
            mailLogin(context, List.of("smtp", "smtps"), user, settings.secret("mail.password"));
        }
    }

    /** Gives these mail components the login, so the password is in no endpoint's URI (nor its log lines). */
    static void mailLogin(CamelContext context, List<String> schemes, String user, String password) {
        for (String scheme : schemes) {
            MailComponent mail = context.getComponent(scheme, MailComponent.class);
            mail.getConfiguration().setUsername(user);
            mail.getConfiguration().setPassword(password);
        }
    }

    /** mail.reply-to is one address: a bad one would otherwise fail every email at SMTP time. */
    private static void checkReplyTo(String replyTo) {
        if (replyTo.isBlank()) {
            return;
        }
        try {
            new jakarta.mail.internet.InternetAddress(replyTo, true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new dev.logremediation.config.InvalidSettingException("mail.reply-to", replyTo,
                    "one email address (the mailbox oncall.imap.* reads), or nothing");
        }
    }
}
