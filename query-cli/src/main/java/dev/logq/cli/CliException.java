package dev.logq.cli;

/**
 * An error that ends {@code logq} with exit status 2. The message is the whole line the user sees
 * after {@code "logq: "}: what went wrong, with the value at fault, and a hint.
 */
final class CliException extends RuntimeException {

    CliException(String message) {
        super(message, null, false, false);
    }
}
