package io.tillsync.kit.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message with its control characters escaped ({@link LogText}): the kit's console pattern writes messages
 * through it ({@code %safeMsg}), so a value from a request or a record cannot forge a log line.
 */
public class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(super.convert(event));
    }
}
