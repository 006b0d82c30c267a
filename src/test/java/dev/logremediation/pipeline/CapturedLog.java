package dev.logremediation.pipeline;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Collects what the product logs (everything under dev.logremediation) while a test runs. */
final class CapturedLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.logremediation");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLog() {
        appender.start();
        logger.addAppender(appender);
    }

    List<String> lines(String level) {
        synchronized (appender.list) {
            return appender.list.stream().filter(e -> e.getLevel().toString().equals(level))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    List<String> all() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
