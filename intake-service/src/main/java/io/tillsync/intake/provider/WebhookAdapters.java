package io.tillsync.intake.provider;

import io.tillsync.intake.config.IntakeProperties;
import io.tillsync.platforms.WebhookAdapter;
import io.tillsync.platforms.clover.CloverWebhooks;
import io.tillsync.platforms.shopify.ShopifyWebhooks;
import io.tillsync.platforms.square.SquareWebhooks;
import io.tillsync.platforms.toast.ToastWebhooks;
import io.tillsync.platforms.tripleseat.TripleSeatWebhooks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The providers' webhook checks intake dispatches to: each provider's {@link WebhookAdapter} from its platforms
 * package, and {@link StandardWebhooksAdapter} for any platform that signs the Standard Webhooks way.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookAdapters {

    @Bean
    WebhookAdapter shopifyWebhooks() {
        return new ShopifyWebhooks();
    }

    @Bean
    WebhookAdapter squareWebhooks() {
        return new SquareWebhooks();
    }

    @Bean
    WebhookAdapter cloverWebhooks() {
        return new CloverWebhooks();
    }

    @Bean
    WebhookAdapter toastWebhooks(IntakeProperties properties) {
        return new ToastWebhooks(properties.toastTimestampTolerance());
    }

    @Bean
    WebhookAdapter tripleSeatWebhooks() {
        return new TripleSeatWebhooks();
    }
}
