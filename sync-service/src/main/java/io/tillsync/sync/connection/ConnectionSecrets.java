package io.tillsync.sync.connection;

import io.tillsync.kit.security.SecretField;
import io.tillsync.kit.security.StoredSecrets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The encrypted columns of {@code sync.connection}, for the kit's re-encryption under the active key. */
@Configuration(proxyBeanMethods = false)
public class ConnectionSecrets {

    @Bean
    public StoredSecrets connectionStoredSecrets() {
        return new StoredSecrets(List.of(
                new StoredSecrets.Column("sync.connection", "id", "webhook_secret_enc", SecretField.CONNECTION_WEBHOOK_SECRET),
                new StoredSecrets.Column("sync.connection", "id", "previous_webhook_secret_enc",
                        SecretField.CONNECTION_WEBHOOK_SECRET),
                new StoredSecrets.Column("sync.connection", "id", "api_token_enc", SecretField.CONNECTION_API_TOKEN)));
    }
}
