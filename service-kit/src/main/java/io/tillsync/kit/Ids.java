package io.tillsync.kit;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Identifiers that must be unique, not unguessable: record ids, correlation ids. */
public final class Ids {

    private Ids() {
    }

    /**
     * A random (version 4) UUID from the calling thread's own generator. {@link UUID#randomUUID()} draws from the
     * shared SecureRandom, which intake paid for twice per webhook (record and correlation id) for no security gain.
     */
    public static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(most, least).toString();
    }
}
