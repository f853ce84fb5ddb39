package io.tillsync.platforms.http;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Netty's name resolution for the outbound layer: a host is resolved once through the {@link HostResolver} (on
 * {@code executor}, off the event loop), every address is checked by the {@link AddressPolicy}, and Netty connects
 * to the checked addresses themselves, so no second lookup can move the connection elsewhere (DNS rebinding). An
 * address that arrives already resolved (an IP literal) is checked too. A refused address fails the connect with
 * {@link TargetNotAllowedException} before any socket is opened.
 */
public final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final AddressPolicy policy;
    private final HostResolver resolver;
    private final Executor executor;

    public GuardedAddressResolverGroup(AddressPolicy policy, HostResolver resolver, Executor executor) {
        this.policy = policy;
        this.resolver = resolver;
        this.executor = executor;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor eventLoop) {
        return new Guarded(eventLoop);
    }

    private final class Guarded extends AbstractAddressResolver<InetSocketAddress> {

        Guarded(EventExecutor eventLoop) {
            super(eventLoop, InetSocketAddress.class);
        }

        /** Never "already resolved": literals are checked as well, so nothing bypasses the policy. */
        @Override
        protected boolean doIsResolved(InetSocketAddress address) {
            return false;
        }

        @Override
        protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
            resolveChecked(unresolved, promise, addresses -> addresses.get(0));
        }

        @Override
        protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
            resolveChecked(unresolved, promise, addresses -> addresses);
        }

        private <T> void resolveChecked(InetSocketAddress target, Promise<T> promise,
                java.util.function.Function<List<InetSocketAddress>, T> pick) {
            if (!target.isUnresolved()) {
                try {
                    check(target.getAddress());
                    promise.trySuccess(pick.apply(List.of(target)));
                } catch (RuntimeException e) {
                    promise.tryFailure(e);
                }
                return;
            }
            try {
                executor.execute(() -> {
                    try {
                        List<InetSocketAddress> checked = policy.resolve(target.getHostString(), resolver).stream()
                                .map(address -> new InetSocketAddress(address, target.getPort())).toList();
                        promise.trySuccess(pick.apply(checked));
                    } catch (RuntimeException e) {
                        promise.tryFailure(e);
                    }
                });
            } catch (RuntimeException rejected) {
                promise.tryFailure(new UnknownHostException("resolver unavailable"));
            }
        }

        private void check(InetAddress address) {
            policy.refusal(address).ifPresent(reason -> {
                throw new TargetNotAllowedException("target refused: " + reason, reason);
            });
        }
    }
}
