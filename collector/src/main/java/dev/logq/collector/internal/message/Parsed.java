package dev.logq.collector.internal.message;

import dev.logq.store.model.Event;

/**
 * One frame read as an event, and what the reading noticed, for the listener's counters.
 *
 * @param event       the event, ready to append
 * @param unparsed    the message was neither RFC 5424 nor RFC 3164 and is kept verbatim
 * @param invalidUtf8 some bytes were not UTF-8 and became U+FFFD
 * @param truncated   the message text was longer than --max-message-size and was cut
 */
public record Parsed(Event event, boolean unparsed, boolean invalidUtf8, boolean truncated) {
}
