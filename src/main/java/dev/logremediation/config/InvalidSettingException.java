package dev.logremediation.config;

/** A property whose value cannot be used; the message says which and what to write instead. */
public class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String property, String value, String expected) {
        super("Invalid setting " + property + "=\"" + value + "\": expected " + expected);
    }
}
