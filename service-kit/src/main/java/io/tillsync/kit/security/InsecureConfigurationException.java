package io.tillsync.kit.security;

/**
 * A setting that would run the service with a public or missing secret outside development mode. Start-up stops with
 * its message as the one-line reason ({@link InsecureConfigurationFailureAnalyzer}), no stack trace.
 */
public class InsecureConfigurationException extends RuntimeException {

    private final String action;

    public InsecureConfigurationException(String reason, String action) {
        super(reason);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
