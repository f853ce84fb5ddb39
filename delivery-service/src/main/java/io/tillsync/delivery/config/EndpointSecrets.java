package io.tillsync.delivery.config;

import io.tillsync.kit.security.SecretField;
import io.tillsync.kit.security.StoredSecrets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The encrypted columns of {@code delivery.endpoint}, for the kit's re-encryption under the active key. */
@Configuration(proxyBeanMethods = false)
public class EndpointSecrets {

    @Bean
    public StoredSecrets endpointStoredSecrets() {
        return new StoredSecrets(List.of(
                new StoredSecrets.Column("delivery.endpoint", "id", "secret_enc", SecretField.ENDPOINT_SECRET),
                new StoredSecrets.Column("delivery.endpoint", "id", "previous_secret_enc", SecretField.ENDPOINT_SECRET)));
    }
}
