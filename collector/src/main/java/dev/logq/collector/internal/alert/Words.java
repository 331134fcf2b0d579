package dev.logq.collector.internal.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * Command lines in rule files, split into words the way a POSIX shell splits them, without running one:
 * blanks separate words, {@code '...'} quotes everything, {@code "..."} everything but {@code \"} and
 * {@code \\}, and a backslash outside quotes takes the next character as it is. No variables, globs or
 * pipes: a rule's {@code query} is what one types after {@code logq}, and an {@code exec} command runs
 * as the words say.
 */
final class Words {

    private Words() {}

    /** @throws IllegalArgumentException for an unclosed quote or a trailing backslash */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a ' is not closed");
                }
                word.append(text, i + 1, end);
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
            } else if (c == '\\') {
                if (i + 1 == text.length()) {
                    throw new IllegalArgumentException("a \\ ends the line");
                }
                word.append(text.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Reads a double-quoted part from {@code from} (after its quote) into {@code word}; returns the closing quote's index. */
    private static int doubleQuoted(String text, int from, StringBuilder word) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                c = text.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("a \" is not closed");
    }

    /** The word as a shell reads it back: as it is if it is plain, else in single quotes. */
    static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=@,+%".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
