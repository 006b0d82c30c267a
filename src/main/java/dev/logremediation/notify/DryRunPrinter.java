package dev.logremediation.notify;

import java.io.PrintStream;

/** In a dry run, shows on standard output the email or channel message that would have been sent. */
public final class DryRunPrinter {

    private final PrintStream out;

    public DryRunPrinter(PrintStream out) {
        this.out = out;
    }

    public void print(OutgoingEmail email) {
        out.println("--- would email " + email.toHeader() + ": " + email.subject());
        out.println(email.text());
    }

    public void print(ChannelMessage message) {
        out.println("--- would post to channel " + message.channel() + ": " + message.summary());
        out.println(message.json());
    }
}
