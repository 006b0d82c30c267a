package dev.logremediation.hostile;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the process writes while a test runs: every log event that passes the configured levels, from every
 * logger (the product's {@code dev.logremediation}, Camel, libraries), with its arguments and the whole cause chain of
 * its exception; and every byte written to {@code System.out} and {@code System.err}. Optionally lowers the product's
 * own loggers to DEBUG, so that its debug lines are searched too.
 */
final class ProductOutput implements AutoCloseable {

    /**
     * One captured log event.
     *
     * @param message the formatted message, as the log line shows it
     * @param text    the message, the raw arguments and the exception chain with its stack
     */
    record Event(String level, String logger, String message, String text) {
    }

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger product = (Logger) LoggerFactory.getLogger("dev.logremediation");
    private final Level productLevel = product.getLevel();
    private final List<Event> events = new ArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            String message = event.getFormattedMessage() == null ? "" : event.getFormattedMessage();
            StringBuilder text = new StringBuilder(message);
            if (event.getArgumentArray() != null) {
                for (Object argument : event.getArgumentArray()) {
                    text.append(" | arg: ").append(argument);
                }
            }
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(" | caused by ").append(t.getClassName()).append(": ").append(t.getMessage());
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    text.append("\n\tat ").append(frame.getSTEAsString());
                }
                for (IThrowableProxy suppressed : t.getSuppressed() == null ? new IThrowableProxy[0] : t.getSuppressed()) {
                    text.append(" | suppressed ").append(suppressed.getClassName()).append(": ").append(suppressed.getMessage());
                }
            }
            synchronized (events) {
                events.add(new Event(event.getLevel().toString(), event.getLoggerName(), message, text.toString()));
            }
        }
    };

    ProductOutput(boolean productDebug) {
        appender.setContext(root.getLoggerContext());
        appender.setName("hostile-test-capture");
        appender.start();
        root.addAppender(appender);
        if (productDebug) {
            product.setLevel(Level.DEBUG);
        }
        System.setOut(new PrintStream(new Tee(originalOut, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, console), true, StandardCharsets.UTF_8));
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<Event> events(String level) {
        return events().stream().filter(e -> e.level().equals(level)).toList();
    }

    /** All captured log text, one event per line. */
    String logText() {
        StringBuilder out = new StringBuilder();
        events().forEach(e -> out.append(e.level()).append(' ').append(e.logger()).append(" - ").append(e.text()).append('\n'));
        return out.toString();
    }

    /** What reached System.out and System.err (UTF-8). */
    String consoleText() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        root.detachAppender(appender);
        appender.stop();
        product.setLevel(productLevel);
    }

    /** Writes to the original stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException ignored) {
                // the copy is what the test reads
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (java.io.IOException ignored) {
                // the copy is what the test reads
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            original.flush();
        }
    }
}
