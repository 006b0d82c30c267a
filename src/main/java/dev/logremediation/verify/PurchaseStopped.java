package dev.logremediation.verify;

/**
 * Ends a verification purchase early once its verdict is known; the route catches it and goes on to log out.
 * Carries no stack trace: it is control flow, not an error.
 */
public final class PurchaseStopped extends RuntimeException {

    PurchaseStopped(String message) {
        super(message, null, false, false);
    }
}
