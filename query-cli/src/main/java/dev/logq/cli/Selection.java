package dev.logq.cli;

import dev.logq.store.model.FieldFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The time and selecting options ({@link LogqOptions.Time}, {@link LogqOptions.Select}) read and
 * checked, for every command that takes them; a bad value is a usage error naming the option.
 *
 * @param severity the levels as the API reads them, or null
 */
record Selection(Instant since, Instant until, String severity) {

    static Selection of(CommandSpec spec, LogqOptions.Time time, LogqOptions.Select select, Clock clock) {
        TimeSpec times = new TimeSpec(clock);
        Instant since = time.since == null ? null : parse(spec, "--since", time.since, times::parse);
        Instant until = time.until == null ? null : parse(spec, "--until", time.until, times::parse);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new ParameterException(spec.commandLine(),
                    "--since " + time.since + " (" + since + ") is not before --until " + time.until + " (" + until + ")");
        }
        String severity = select.priority == null ? null : parse(spec, "-p", select.priority, SearchRequest::severity);
        select.fields.forEach(f -> parse(spec, "--field", f, FieldFilter::parse));
        return new Selection(since, until, severity);
    }

    /** The option's value read by {@code parser}; what it refuses is a usage error naming the option. */
    static <T> T parse(CommandSpec spec, String option, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid value for " + option + ": " + e.getMessage());
        }
    }
}
