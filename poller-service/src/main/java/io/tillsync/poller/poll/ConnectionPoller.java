package io.tillsync.poller.poll;

import io.tillsync.platforms.Provider;
import java.time.Duration;

/**
 * One provider's poll of one connection, run by {@link PollRunner} under the connection's lease: read what changed
 * since {@link PollRun#since()} (everything when null), turn it into normalized changes through the provider's
 * platforms mapper, {@link PollRun#publish} them page by page, keep what the next poll needs with
 * {@link PollRun#hold}, and answer the new cursor. Throwing leaves the state where it was (the next poll re-reads);
 * a {@code PlatformCallException} that is {@code unauthorized()} marks the token invalid.
 */
public interface ConnectionPoller {

    Provider provider();

    /** Time between two polls of a connection unless its settings say otherwise. */
    Duration defaultInterval();

    /** Polls the connection; answers the cursor to store and whether this poll listed everything (ghost cleanup). */
    Result poll(PollRun run);

    /** What a completed poll leaves: the provider's cursor, and whether it was a full listing with ghost cleanup. */
    record Result(String cursor, boolean cleaned) {
    }
}
