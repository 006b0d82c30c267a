package dev.logremediation.oncall;

/** Someone who can be on call; {@code name} is the email address when the schedule gives no name. */
public record Person(String name, String email) {

    public Person {
        name = name == null || name.isBlank() ? email : name;
    }
}
