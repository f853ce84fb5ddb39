package io.tillsync.sync.connection;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import io.tillsync.platforms.Provider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which {@code apiBaseUrl} a tenant key, the operator key and a private-targets stack may set. */
class ApiBaseUrlPolicyTest {

    private static final Caller TENANT = Caller.tenantCaller("acme");
    private final ApiBaseUrlPolicy strict = new ApiBaseUrlPolicy(false);

    @ParameterizedTest
    @CsvSource({"square,https://connect.squareup.com", "square,https://connect.squareupsandbox.com/",
            "shopify,https://acme-shop.myshopify.com", "clover,https://api.clover.com",
            "clover,https://apisandbox.dev.clover.com", "toast,https://ws-api.toasttab.com",
            "tripleseat,https://api.tripleseat.com", "revel,https://acme.revelup.com"})
    void shouldAcceptTheProvidersOfficialHostsFromATenantKey(String provider, String url) {
        assertThatCode(() -> strict.check(Provider.of(provider).orElseThrow(), url, TENANT)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/",
            "http://[::1]/", "https://connect.squareup.com.evil.example", "http://connect.squareup.com",
            "https://connect.squareup.com:8443", "https://user:pw@connect.squareup.com", "https://api.clover.com",
            "https://myshopify.com", "https://2130706433/"})
    void shouldAnswer400InvalidApiBaseUrlWhenATenantKeyNamesAnotherHost(String url) {
        assertThatThrownBy(() -> strict.check(Provider.SQUARE, url, TENANT))
                .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.code()).isEqualTo("invalid_api_base_url"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com", "not a url", "https://connect.squareup.com/?q=1", "/relative"})
    void shouldRefuseUrlsThatAreNotPlainHttpEvenForTheOperator(String url) {
        assertThatThrownBy(() -> strict.check(Provider.SQUARE, url, Caller.operatorCaller()))
                .isInstanceOf(ApiException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "https://square-proxy.internal.example"})
    void shouldLetTheOperatorOrAPrivateTargetsStackNameOtherHosts(String url) {
        assertThatCode(() -> strict.check(Provider.SQUARE, url, Caller.operatorCaller())).doesNotThrowAnyException();
        assertThatCode(() -> new ApiBaseUrlPolicy(true).check(Provider.SQUARE, url, TENANT)).doesNotThrowAnyException();
    }
}
