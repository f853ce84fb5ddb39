package io.tillsync.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test that talks to the shared real broker, registry and Postgres. Put it before
 * {@code @SpringBootTest} so the stack's locations are known when the context starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StackExtension.class)
public @interface StackTest {
}
