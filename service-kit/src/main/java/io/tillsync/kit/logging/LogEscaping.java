package io.tillsync.kit.logging;

import ch.qos.logback.classic.PatternLayout;

/**
 * Makes the conversion words {@code %safeMsg} ({@link EscapedMessageConverter}) and {@code %safeEx}
 * ({@link EscapedThrowableConverter}) known to every Logback pattern of the process. Called before Spring Boot
 * configures logging, so the kit's {@code logging.pattern.console} can use them.
 */
public final class LogEscaping {

    public static final String MESSAGE_WORD = "safeMsg";
    public static final String THROWABLE_WORD = "safeEx";

    private LogEscaping() {
    }

    public static void register() {
        try {
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(MESSAGE_WORD, EscapedMessageConverter::new);
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(THROWABLE_WORD, EscapedThrowableConverter::new);
        } catch (NoClassDefFoundError | UnsupportedOperationException e) {
            // not Logback: the logging system's own message conversion applies
        }
    }
}
