package io.tillsync.platforms;

/** The result of checking a webhook's signature: valid, missing (no signature presented) or invalid, with a reason. */
public record Verification(Outcome outcome, String reason) {

    public enum Outcome { VALID, MISSING, INVALID }

    private static final Verification VALID = new Verification(Outcome.VALID, "valid");

    public static Verification valid() {
        return VALID;
    }

    public static Verification missing(String reason) {
        return new Verification(Outcome.MISSING, reason);
    }

    public static Verification invalid(String reason) {
        return new Verification(Outcome.INVALID, reason);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }
}
