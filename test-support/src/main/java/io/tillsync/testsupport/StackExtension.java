package io.tillsync.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the shared {@link TestStack} before a test class (and before Spring builds its context). */
public class StackExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestStack.start();
    }
}
