package io.tillsync.kit.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.platforms.http.AddressPolicy;
import io.tillsync.platforms.http.OutboundHttp;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** One guarded client per service; private targets refused unless the one setting allows them. */
class OutboundKitConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OutboundKitConfiguration.class));

    @Test
    void shouldProvideOneOutboundClientThatRefusesPrivateTargetsByDefault() {
        context.run(app -> {
            assertThat(app).hasSingleBean(OutboundHttp.class);
            assertThat(app.getBean(OutboundProperties.class).maxResponseBytes().toBytes()).isEqualTo(4 * 1024 * 1024);
            assertThat(app.getBean(AddressPolicy.class).refusal(InetAddress.getByName("127.0.0.1")))
                    .contains("loopback");
        });
    }

    @Test
    void shouldAllowPrivateTargetsWhenConfigured() {
        context.withPropertyValues("tillsync.outbound.allow-private-targets=true").run(app -> {
            AddressPolicy policy = app.getBean(AddressPolicy.class);
            assertThat(policy.refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
            assertThat(policy.refusal(InetAddress.getByName("169.254.169.254"))).contains("metadata");
        });
    }
}
