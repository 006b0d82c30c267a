package dev.logremediation.cli;

import dev.logremediation.config.ConfigurationProblems;
import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.KnownSettings;
import dev.logremediation.config.SettingValues;
import dev.logremediation.config.Settings;
import dev.logremediation.config.Watch;
import dev.logremediation.config.WatchSettings;
import dev.logremediation.loki.ReadPlans;
import dev.logremediation.loki.LokiSettings;
import dev.logremediation.loki.LokiSurvey;
import dev.logremediation.loki.Survey;
import dev.logremediation.notify.MessageTemplates;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.apache.camel.CamelContext;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code validate}: loads the configuration and every route file without starting a poll, checks the settings and
 * every watch, renders every message template a watch can use with a sample of each kind, asks Loki to run each
 * watch's query over a tiny range and connects to SMTP (unless offline), and prints every problem found with the
 * property or file it concerns.
 */
final class Validate {

    /** The route that asks Loki what it holds for a watch (routes/no-data.camel.yaml). */
    private static final String SURVEY_ROUTE = "survey-loki";

    private Validate() {
    }

    static int run(Path config, boolean offline, PrintStream out) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!Files.isRegularFile(config)) {
            out.println("problem: no configuration file at " + config.toAbsolutePath());
            return ExitCode.BAD_CONFIGURATION;
        }
        Map<String, String> overrides = new HashMap<>(Map.of("camel.main.auto-startup", "false", "observe.enabled", "false"));
        requireSettings(config, problems, overrides);
        try (Application app = Application.start(config, overrides)) {
            CamelContext context = app.context();
            Settings settings = new Settings(context.getPropertiesComponent());
            // read and checked when the context initialised, as at every start
            Collection<Watch> watches = context.getRegistry().lookupByNameAndType("watchSettings", WatchSettings.class).all();
            if (watches.isEmpty() && problems.isEmpty()) {
                problems.add("no watch is declared: add a templatedRoute of poll-loki to routes/watches.camel.yaml");
            }
            if (!offline) {
                ReadPlans plans = context.getRegistry().lookupByNameAndType("readPlans", ReadPlans.class);
                for (Watch watch : watches) {
                    if (askLoki(settings, watch, plans.of(watch).queries(), problems)) {
                        warnWhenSilent(context, watch, warnings);
                    }
                }
                connectSmtp(settings, problems);
                connectImap(settings, problems);
            }
            checkTemplates(context, watches, problems, warnings);
            out.println("checked " + watches.size() + " watch(es)" + (offline ? " (offline: Loki and SMTP not asked)" : ""));
        } catch (Exception e) {
            ConfigurationProblems found = ConfigurationProblems.in(e);
            if (found != null) {
                problems.addAll(found.problems());
            } else {
                problems.add(LogRemediation.rootMessage(e));
            }
        }
        warnings.forEach(warning -> out.println("warning: " + warning));
        problems.forEach(problem -> out.println("problem: " + problem));
        if (problems.isEmpty()) {
            out.println("configuration OK");
            return ExitCode.DONE;
        }
        return ExitCode.BAD_CONFIGURATION;
    }

    /**
     * Checks the required settings as the file (over the shipped defaults) and the environment give them, before
     * Camel reads them: a missing one is reported by name and replaced by a stand-in, so the route files can still
     * be built and checked.
     */
    private static void requireSettings(Path config, List<String> problems, Map<String, String> standIns) {
        Properties file;
        try {
            file = KnownSettings.shipped().withDefaults(config);
        } catch (java.io.UncheckedIOException e) {
            problems.add(e.getMessage());
            return;
        }
        Map<String, String> required = Map.of("loki.url", "http://invalid.invalid", "mail.host", "invalid.invalid",
                "mail.port", "25", "mail.from", "invalid@invalid.invalid", "mail.to", "invalid@invalid.invalid",
                "state.dir", "./data");
        required.forEach((key, standIn) -> {
            String fromEnv = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
            String value = fromEnv != null ? fromEnv : file.getProperty(key, "");
            try {
                SettingValues.required(key, value);
                if (key.equals("mail.port")) {
                    SettingValues.positiveInt(key, value);
                }
                if (key.equals("loki.url") && !value.trim().matches("https?://\\S+")) {
                    throw new InvalidSettingException(key, value, "an http(s) URL such as http://127.0.0.1:3100");
                }
            } catch (InvalidSettingException e) {
                problems.add(e.getMessage());
                standIns.put(key, standIn);
            }
        });
    }

    /**
     * Renders every template of the shipped set (as notify.templates-dir overrides it) and of each template set a
     * watch names, with a sample of each message kind.
     */
    private static void checkTemplates(CamelContext context, Collection<Watch> watches, List<String> problems,
                                       List<String> warnings) {
        MessageTemplates templates = context.getRegistry().lookupByNameAndType("messageTemplates",
                MessageTemplates.class);
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("", "notify.templates-dir");
        watches.forEach(watch -> sets.putIfAbsent(watch.templates(), "watch " + watch.name()));
        // a file a set shares with the templates directory would be named once per set
        List<String> found = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        sets.forEach((set, usedBy) -> templates.check(set, usedBy, found, unused));
        found.stream().distinct().forEach(problems::add);
        unused.stream().distinct().forEach(warnings::add);
    }

    /**
     * A query that selected no line in the last hour may have a typo or name a label the logger renamed: warn, with
     * the label values Loki does hold (asked by the survey-loki route, as the NO DATA email does).
     */
    private static void warnWhenSilent(CamelContext context, Watch watch, List<String> warnings) throws Exception {
        context.getRouteController().startRoute(SURVEY_ROUTE);
        Survey survey = context.createFluentProducerTemplate().to("direct:" + SURVEY_ROUTE)
                .withBody(new LokiSurvey.Request(watch, Duration.ofHours(1))).request(Survey.class);
        if (survey.newestLineRead() && survey.newestLineNanos() == null) {
            warnings.add("watch " + watch.name() + ": the query " + watch.query() + " selected no line in the last"
                    + " hour; " + survey.hint());
        }
    }

    /** @return true when Loki ran every query the watch reads with (pushed down, more than its own) */
    private static boolean askLoki(Settings settings, Watch watch, List<String> queries, List<String> problems) {
        for (String query : queries) {
            if (!askLoki(settings, watch, query, problems)) {
                return false;
            }
        }
        return true;
    }

    private static boolean askLoki(Settings settings, Watch watch, String query, List<String> problems) {
        long end = TimeArgument.nanos(Instant.now());
        String url = settings.text("loki.url") + "/loki/api/v1/query_range?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + (end - 1_000_000_000L)
                + "&end=" + end + "&limit=1&direction=forward";
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
            LokiSettings loki = LokiSettings.access(settings.text("loki.user"), settings.secret("loki.token"),
                    settings.text("loki.org-id"));
            if (loki.authorization() != null) {
                request.header("Authorization", loki.authorization());
            }
            if (!loki.orgId().isBlank()) {
                request.header("X-Scope-OrgID", loki.orgId());
            }
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                problems.add("watch " + watch.name() + ": Loki answered HTTP " + answer.statusCode() + " to the query "
                        + query + (query.equals(watch.query()) ? "" : " (pushed down from " + watch.query() + ")")
                        + ": " + answer.body().trim());
                return false;
            }
            return true;
        } catch (Exception e) {
            problems.add("loki.url: cannot reach Loki at " + settings.text("loki.url") + " ("
                    + LogRemediation.rootMessage(e) + ")");
            return false;
        }
    }

    /** The mailbox replies are read from (oncall.imap.host set): log in and open the folder. */
    private static void connectImap(Settings settings, List<String> problems) {
        String host = settings.text("oncall.imap.host");
        if (host.isBlank()) {
            return;
        }
        String protocol = settings.text("oncall.imap.protocol");
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".connectiontimeout", "10000");
        properties.put("mail." + protocol + ".timeout", "10000");
        try {
            jakarta.mail.Store store = Session.getInstance(properties).getStore(protocol);
            store.connect(host, Integer.parseInt(settings.text("oncall.imap.port")), settings.text("oncall.imap.user"),
                    settings.secret("oncall.imap.password"));
            try {
                jakarta.mail.Folder folder = store.getFolder(settings.text("oncall.imap.folder"));
                if (!folder.exists()) {
                    problems.add("oncall.imap.folder: no folder " + settings.text("oncall.imap.folder")
                            + " in the mailbox of " + settings.text("oncall.imap.user") + " at " + host);
                }
            } finally {
                store.close();
            }
        } catch (MessagingException | RuntimeException e) {
            problems.add("oncall.imap.host: cannot read the mailbox at " + host + ":" + settings.text("oncall.imap.port")
                    + " (" + LogRemediation.rootMessage(e) + ")");
        }
    }

    private static void connectSmtp(Settings settings, List<String> problems) {
        String protocol = settings.text("mail.protocol");
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".connectiontimeout", "10000");
        properties.put("mail." + protocol + ".timeout", "10000");
        try {
            Transport transport = Session.getInstance(properties).getTransport(protocol);
            String user = settings.text("mail.user");
            transport.connect(settings.text("mail.host"), Integer.parseInt(settings.text("mail.port")),
                    user.isEmpty() ? null : user, user.isEmpty() ? null : settings.secret("mail.password"));
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            problems.add("mail.host: cannot connect to SMTP at " + settings.text("mail.host") + ":"
                    + settings.text("mail.port") + " (" + LogRemediation.rootMessage(e) + ")");
        }
    }
}
