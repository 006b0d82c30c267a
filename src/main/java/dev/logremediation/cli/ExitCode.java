package dev.logremediation.cli;

/** The documented exit codes of every command. */
final class ExitCode {

    static final int DONE = 0;
    static final int INCIDENTS_FOUND = 1;
    static final int BAD_CONFIGURATION = 2;
    static final int LOKI_FAILED = 3;

    private ExitCode() {
    }
}
