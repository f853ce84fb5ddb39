package io.tillsync.sync.orders;

import java.util.Locale;

/** What started an injection: a TripleSeat webhook, a call of the sync endpoint, or the scheduled safety net. */
public enum RunTrigger {
    WEBHOOK, MANUAL, SCHEDULED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
