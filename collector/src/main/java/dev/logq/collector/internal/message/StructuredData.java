package dev.logq.collector.internal.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 5424 STRUCTURED-DATA, read leniently:
 *
 * <pre>
 * STRUCTURED-DATA = NILVALUE / 1*SD-ELEMENT
 * SD-ELEMENT      = "[" SD-ID *(1*SP SD-PARAM) "]"      ; RFC: exactly one SP; senders sometimes write more
 * SD-PARAM        = PARAM-NAME "=" *SP %d34 PARAM-VALUE %d34   ; RFC: no SP after "="
 * PARAM-VALUE     = UTF-8 text; "\" escapes %d34, "\" and "]"; a "\" before anything else is kept as is;
 *                   an unescaped "]" is taken as text: the value ends at its closing %d34
 * </pre>
 *
 * An SD-ID that occurs twice keeps its first element, and a PARAM-NAME that occurs twice in an
 * element its first value (the event model maps names to one value). Anything else that does not fit
 * the grammar makes the whole field "not structured data", and the caller keeps it as message text.
 */
final class StructuredData {

    private StructuredData() {
    }

    /** Parses the elements at the cursor (which is at "["), or returns null with the cursor anywhere. */
    static Map<String, Map<String, String>> parse(Cursor c) {
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        while (c.peek() == '[') {
            c.pos++;
            int from = c.pos;
            while (!c.atEnd() && c.peek() != ' ' && c.peek() != ']' && c.peek() != '=' && c.peek() != '"') {
                c.pos++;
            }
            if (c.pos == from) {
                return null;
            }
            String id = c.text(from, c.pos);
            Map<String, String> params = new LinkedHashMap<>();
            if (!params(c, params)) {
                return null;
            }
            sd.putIfAbsent(id, Collections.unmodifiableMap(params));
        }
        return Collections.unmodifiableMap(sd);
    }

    /** Reads {@code *(SP PARAM)] "]"}; false if the element is malformed or cut off. */
    private static boolean params(Cursor c, Map<String, String> params) {
        while (true) {
            int b = c.peek();
            if (b == ']') {
                c.pos++;
                return true;
            }
            if (b != ' ') {
                return false;
            }
            c.skipSpaces();
            if (c.peek() == ']') {
                continue;
            }
            int from = c.pos;
            while (!c.atEnd() && c.peek() != '=' && c.peek() != ' ' && c.peek() != ']' && c.peek() != '"') {
                c.pos++;
            }
            int nameEnd = c.pos;
            if (c.pos == from || !c.skip('=')) {
                return false;
            }
            c.skipSpaces();  // 'a= "b"': a space after "=" is unambiguous, and some senders write one
            if (!c.skip('"')) {
                return false;
            }
            String name = c.text(from, nameEnd);
            String value = value(c);
            if (value == null) {
                return false;
            }
            params.putIfAbsent(name, value);
        }
    }

    /** Reads a PARAM-VALUE up to and including its closing quote; null if there is none. */
    private static String value(Cursor c) {
        int from = c.pos;
        StringBuilder unescaped = null;
        int segment = from;
        for (int i = from; i < c.end; i++) {
            byte b = c.bytes[i];
            if (b == '"') {
                c.pos = i + 1;
                if (unescaped == null) {
                    return c.text(from, i);
                }
                return unescaped.append(c.text(segment, i)).toString();
            }
            if (b == '\\' && i + 1 < c.end) {
                byte next = c.bytes[i + 1];
                if (next == '"' || next == '\\' || next == ']') {
                    if (unescaped == null) {
                        unescaped = new StringBuilder(i - from + 16);
                    }
                    unescaped.append(c.text(segment, i)).append((char) next);
                    segment = i + 2;
                }
                i++;
            }
        }
        return null;
    }
}
