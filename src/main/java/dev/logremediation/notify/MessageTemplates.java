package dev.logremediation.notify;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.MustacheResolver;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheNotFoundException;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.PartialCode;
import com.github.mustachejava.reflect.GuardedBinding;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import dev.logremediation.text.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Renders every message people receive from Mustache templates (docs/templates.md): per message kind a subject, a
 * text and an HTML template, {@code <kind>.subject.mustache}, {@code <kind>.text.mustache} and
 * {@code <kind>.html.mustache}. A template (or a partial it includes) is looked up in the watch's template set
 * ({@code <notify.templates-dir>/<set>/}), then in {@code notify.templates-dir}, then among the templates shipped in
 * the jar. HTML templates escape every {@code {{value}}}; a value missing from the model is an error, not an empty
 * string, so a misspelt field shows. A custom template that fails is replaced by the shipped one, said once per
 * template in a WARN. Templates are compiled once, on first use.
 */
public final class MessageTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(MessageTemplates.class);

    /** Where the jar keeps the shipped templates (pom.xml, resources). */
    static final String SHIPPED = "defaults/templates/";
    static final String SUFFIX = ".mustache";
    private static final Pattern STANDALONE_PARTIAL = Pattern.compile("(?m)^([ \\t]*\\{\\{>[^}\\n]*}}[ \\t]*)(\\r?\\n)");

    /** Every message kind, each with a subject, text and HTML template. */
    public static final List<String> KINDS = List.of("firing", "update", "resolved", "remediated",
            "remediation-failed", "remediation-unknown", "remediation-verifying", "blind", "restored", "no-data",
            "data-back", "reminder", "escalation", "acknowledged");

    /**
     * Every web page (the acknowledgement page of oncall.public-url): one HTML template each,
     * {@code <page>.html.mustache}, from notify.templates-dir or the jar (not per template set).
     */
    public static final List<String> PAGES = List.of("ack-page");

    /** The three templates of a message kind. */
    enum Part {
        SUBJECT("subject", false), TEXT("text", false), HTML("html", true);

        final String suffix;
        final boolean html;

        Part(String suffix, boolean html) {
            this.suffix = suffix;
            this.html = html;
        }

        String file(String kind) {
            return kind + "." + suffix + SUFFIX;
        }
    }

    /** A rendered message: the subject is one line of at most {@value Text#MAX_SUBJECT} characters. */
    public record Rendered(String subject, String text, String html) {
    }

    /** Null: only the shipped templates. */
    private final Path dir;
    private final Map<String, DefaultMustacheFactory> factories = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** "set|name" of every template read, so that validate can tell which files nothing uses. */
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    /** @param dir notify.templates-dir: its files (and template sets) lie over the shipped templates */
    public MessageTemplates(Path dir) {
        this.dir = dir;
    }

    /** The shipped templates alone. */
    public static MessageTemplates shipped() {
        return new MessageTemplates(null);
    }

    /**
     * The message of one kind, from the template set's templates (empty: the templates directory's, then the
     * shipped ones); a custom template that fails is replaced by the shipped one.
     */
    public Rendered render(String set, String kind, Map<String, ?> model) {
        return new Rendered(Text.subjectLine(part(set, kind, Part.SUBJECT, model)), part(set, kind, Part.TEXT, model),
                part(set, kind, Part.HTML, model));
    }

    /** The acknowledgement page, rendered and escaped like an email's HTML; a custom template that fails is replaced. */
    public String page(AckPageModel page) {
        return part("", "ack-page", Part.HTML, page.fields());
    }

    private String part(String set, String kind, Part part, Map<String, ?> model) {
        String set0 = set == null ? "" : set;
        if (!hasSet(set0)) {
            if (warned.add(set0)) {
                LOG.warn("Template set {} does not exist (no folder {}): the templates of {} are used instead", set0,
                        dir == null ? set0 : dir.resolve(set0), dir == null ? "the jar" : dir);
            }
            set0 = "";
        }
        try {
            return execute(factory(set0, part.html), part.file(kind), model);
        } catch (RuntimeException e) {
            if (dir == null) {
                throw e;
            }
            String template = where(set0, part.file(kind));
            if (warned.add(template)) {
                LOG.warn("Template {} cannot be rendered, so the shipped {} is used instead (said once; run validate"
                        + " for every problem): {}", template, part.file(kind), problem(set0, e));
            }
            return execute(factory(null, part.html), part.file(kind), model);
        }
    }

    /**
     * Renders every template of the set with the samples of each message kind (validate): a missing set, a syntax
     * error, a field the model lacks or an unknown partial is a problem, with the file and line; a template file
     * that nothing uses (a misspelt name, most likely) is a warning.
     *
     * @param usedBy who names the set, for the problem line ("watch payments")
     */
    public void check(String set, String usedBy, List<String> problems, List<String> warnings) {
        if (!hasSet(set)) {
            problems.add(usedBy + " parameter templates: no template set " + set + " (no folder "
                    + (dir == null ? set : dir.resolve(set)) + ")");
            return;
        }
        Map<String, List<Map<String, Object>>> samples = MessageSamples.all(set);
        for (String kind : KINDS) {
            problems.addAll(problems(set, kind, samples.get(kind)));
        }
        if (set.isEmpty()) {
            MessageSamples.pages().forEach((page, models) -> problems.addAll(pageProblems(page, models)));
        }
        try {
            Set<String> used = new HashSet<>();
            read.stream().filter(entry -> entry.startsWith(set + "|")).forEach(entry -> used.add(
                    entry.substring(set.length() + 1)));
            unknownFiles(set, used).forEach(file -> warnings.add(file + " is not used: no message kind and no partial"
                    + " has that name (the kinds: " + String.join(", ", KINDS) + "; each has .subject, .text and"
                    + " .html" + SUFFIX + "; the pages: " + String.join(", ", PAGES) + ", each .html" + SUFFIX
                    + " outside template sets)"));
        } catch (IOException e) {
            problems.add("cannot list the templates in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * What is wrong with the set's templates of this kind, rendered with each sample model: a syntax error, a field
     * the model lacks or a partial that does not exist, each with the file and line; empty when all render.
     */
    List<String> problems(String set, String kind, List<? extends Map<String, ?>> samples) {
        List<String> problems = new ArrayList<>();
        for (Part part : Part.values()) {
            for (Map<String, ?> sample : samples) {
                try {
                    execute(factory(set, part.html), part.file(kind), sample);
                } catch (RuntimeException e) {
                    problems.add(problem(set, e));
                    break;
                }
            }
        }
        return problems;
    }

    /** What is wrong with a page's template (HTML only, no template set), rendered with each sample model. */
    List<String> pageProblems(String page, List<? extends Map<String, ?>> samples) {
        for (Map<String, ?> sample : samples) {
            try {
                execute(factory("", true), Part.HTML.file(page), sample);
            } catch (RuntimeException e) {
                return List.of(problem("", e));
            }
        }
        return List.of();
    }

    /** The template files of the set and the templates directory that no message kind and no partial names. */
    List<String> unknownFiles(String set, Set<String> used) throws IOException {
        List<String> unknown = new ArrayList<>();
        if (dir == null) {
            return unknown;
        }
        for (Path folder : List.of(set.isEmpty() ? dir : dir.resolve(set))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.list(folder)) {
                files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith(SUFFIX) && !used.contains(name)).sorted()
                        .forEach(name -> unknown.add(folder.resolve(name).toString()));
            }
        }
        return unknown;
    }

    /** Whether the template set exists: the shipped one (empty name), or a folder of the templates directory. */
    boolean hasSet(String set) {
        return set.isEmpty() || dir != null && Files.isDirectory(dir.resolve(set));
    }

    Path dir() {
        return dir;
    }

    private static String execute(DefaultMustacheFactory factory, String name, Map<String, ?> model) {
        StringWriter out = new StringWriter(2048);
        factory.compile(name).execute(out, model);
        return out.toString();
    }

    /** One factory (and compiled templates) per set and escaping; null set: the shipped templates alone. */
    private DefaultMustacheFactory factory(String set, boolean html) {
        String key = (set == null ? "\0shipped" : set) + "|" + html;
        return factories.computeIfAbsent(key, k -> new Factory(name -> reader(set, name),
                name -> file(set, name) != null || MessageTemplates.class.getClassLoader()
                        .getResource(SHIPPED + name) != null, html));
    }

    /**
     * Text templates write values as they are; partials are named without ".mustache", dots and all, and one that
     * does not exist is named with the file and line that include it.
     */
    private static final class Factory extends DefaultMustacheFactory {
        private final Predicate<String> exists;
        private final boolean html;

        Factory(MustacheResolver resolver, Predicate<String> exists, boolean html) {
            super(resolver);
            this.exists = exists;
            this.html = html;
            setObjectHandler(new StrictObjectHandler());
        }

        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new DefaultMustacheVisitor(this) {
                @Override
                public void partial(TemplateContext tc, String variable, String indent) {
                    String file = tc.file();
                    String name = resolvePartialPath(file.substring(0, file.lastIndexOf('/') + 1), variable.trim(),
                            SUFFIX);
                    if (!exists.test(name)) {
                        throw new MustacheException("no template named " + variable.trim() + " (no file " + name
                                + " for {{> " + variable.trim() + "}})", tc);
                    }
                    super.partial(tc, variable, indent);
                }
            };
        }

        @Override
        public void encode(String value, Writer writer) {
            if (html) {
                super.encode(value, writer);
                return;
            }
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String resolvePartialPath(String dir, String name, String extension) {
            return (name.startsWith("/") ? name.substring(1) : dir + name) + (name.endsWith(SUFFIX) ? "" : SUFFIX);
        }
    }

    private Reader reader(String set, String name) {
        read.add(set + "|" + name);
        Path file = file(set, name);
        try {
            String template;
            if (file != null) {
                template = Files.readString(file, StandardCharsets.UTF_8);
            } else {
                try (InputStream in = MessageTemplates.class.getClassLoader().getResourceAsStream(SHIPPED + name)) {
                    if (in == null) {
                        return null;
                    }
                    template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            // the Mustache spec replaces a line holding only a partial by the partial, line break and all;
            // mustache.java keeps the line break, so it goes into a comment (which keeps the line numbers)
            return new StringReader(STANDALONE_PARTIAL.matcher(template).replaceAll("$1{{!$2}}"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the template " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file that holds the template for this set, or null when the shipped one is used. */
    private Path file(String set, String name) {
        if (dir == null || set == null) {
            return null;
        }
        if (!set.isEmpty() && Files.isRegularFile(dir.resolve(set).resolve(name))) {
            return dir.resolve(set).resolve(name);
        }
        return Files.isRegularFile(dir.resolve(name)) ? dir.resolve(name) : null;
    }

    /** Where a template of the set comes from, for messages: its file, or the shipped template. */
    String where(String set, String name) {
        Path file = file(set, name);
        return file != null ? file.toString() : "the shipped template " + name;
    }

    /** One line: the file and line of the failure and what is wrong there. */
    private String problem(String set, RuntimeException e) {
        TemplateContext context = null;
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MustacheException me && me.getContext() != null) {
                context = me.getContext();
                reason = me instanceof MustacheNotFoundException ? null : rawMessage(me);
            }
            if (t instanceof MustacheNotFoundException missing) {
                reason = "no template named " + missing.getName() + " (a partial {{> name}} names a file"
                        + " <name>" + SUFFIX + ")";
            }
            if (reason == null && t.getCause() == null) {
                reason = t.getMessage();
            }
        }
        return context == null ? reason : where(set, context.file()) + " line " + context.line() + ": " + reason;
    }

    /** The exception's own words, without the "@[file:line]" mustache.java appends. */
    private static String rawMessage(MustacheException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int at = message.lastIndexOf(" @[");
        return at < 0 ? message : message.substring(0, at);
    }

    /**
     * Reads map models like the default handler, but a name that no scope holds fails with its file and line
     * instead of rendering as nothing: a misspelt field would otherwise silently empty part of every email.
     */
    private static final class StrictObjectHandler extends ReflectionObjectHandler {
        @Override
        public Binding createBinding(String name, TemplateContext tc, Code code) {
            return new GuardedBinding(this, name, tc, code) {
                @Override
                protected synchronized Wrapper getWrapper(String missing, List<Object> scopes) {
                    Wrapper wrapper = super.getWrapper(missing, scopes);
                    if (wrapper instanceof MissingWrapper && !(code instanceof PartialCode)) {
                        throw new MustacheException("no field " + missing + " in this message's model (see"
                                + " docs/templates.md)", tc);
                    }
                    return wrapper;
                }
            };
        }
    }
}
