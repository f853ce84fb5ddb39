package io.tillsync.intake;

/**
 * What an intake URL names: a tenant, a provider and either one connection id or, for
 * {@code /intake/{tenant}/pos/{provider}}, "the tenant's oldest active connection of that provider" ({@code id == null}).
 */
public record ConnectionRef(String tenant, String provider, String id) {

    public static ConnectionRef oldestActive(String tenant, String provider) {
        return new ConnectionRef(tenant, provider, null);
    }

    public static ConnectionRef of(String tenant, String provider, String id) {
        return new ConnectionRef(tenant, provider, id);
    }
}
