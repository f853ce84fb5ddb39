package io.tillsync.platforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Official hosts: https, exact host or one label under a documented wildcard, no userinfo, port 443 at most. */
class PlatformHostsTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "SHOPIFY, https://acme.myshopify.com/admin/api/2024-10",
            "SHOPIFY, https://ACME.MyShopify.com",
            "SQUARE, https://connect.squareup.com",
            "SQUARE, https://connect.squareupsandbox.com:443/v2",
            "CLOVER, https://api.clover.com",
            "CLOVER, https://api.eu.clover.com",
            "CLOVER, https://api.la.clover.com",
            "CLOVER, https://apisandbox.dev.clover.com",
            "TOAST, https://ws-api.toasttab.com",
            "TOAST, https://ws-sandbox-api.eng.toasttab.com",
            "TRIPLESEAT, https://api.tripleseat.com/v1",
            "REVEL, https://acme.revelup.com/resources/"})
    void shouldAcceptTheDocumentedHosts(Provider provider, String url) {
        assertThat(PlatformHosts.isOfficial(provider, URI.create(url))).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "SHOPIFY, http://acme.myshopify.com",
            "SHOPIFY, https://myshopify.com",
            "SHOPIFY, https://a.b.myshopify.com",
            "SHOPIFY, https://evilmyshopify.com",
            "SHOPIFY, https://acme.myshopify.com.evil.io",
            "SHOPIFY, https://acme.myshopify.com.",
            "SQUARE, https://connect.squareup.com:8443",
            "SQUARE, https://user:pw@connect.squareup.com",
            "SQUARE, https://api.clover.com",
            "CLOVER, https://clover.com",
            "CLOVER, https://127.0.0.1",
            "TOAST, https://toasttab.com",
            "REVEL, https://revelup.com",
            "STANDARD, https://example.com",
            "TRIPLESEAT, ftp://api.tripleseat.com"})
    void shouldRefuseAnythingElse(Provider provider, String url) {
        assertThat(PlatformHosts.isOfficial(provider, URI.create(url))).isFalse();
    }
}
