package io.tillsync.kit.logging;

/**
 * Text from outside written into a log as data: CR, LF and tab become {@code \r}, {@code \n}, {@code \t}; every
 * other control character (C0, DEL, C1) and the Unicode line and paragraph separators become {@code \}{@code uXXXX}.
 * A value escaped this way can never start a log line of its own or move the terminal's cursor.
 */
public final class LogText {

    private LogText() {
    }

    /** The text with its control characters escaped; null stays null. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** At most {@code max} characters of the escaped text, marked with {@code …} when cut. */
    public static String escape(String text, int max) {
        String escaped = escape(text);
        return escaped == null || escaped.length() <= max ? escaped : escaped.substring(0, max) + "…";
    }

    /** True when the text holds a control character (C0, DEL, C1) or a Unicode line/paragraph separator. */
    public static boolean hasControlCharacters(String text) {
        return text != null && firstUnsafe(text) >= 0;
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
