package dev.logremediation.cli;

/** The command line is wrong: exit code 2 with this message and the usage. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message, null, false, false);
    }
}
