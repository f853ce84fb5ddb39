package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.kit.web.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void shouldCatalogueTheIssueTypesAndSyncServiceTypes() {
        assertThat(EventTypes.CATALOGUE).containsKeys("sale.created", "sale.updated", "sale.refunded",
                "inventory.created", "inventory.updated", "inventory.low_stock", "customer.created", "customer.updated",
                "repair_order.created", "repair_order.status_changed", "purchase_order.created",
                "purchase_order.received", "item.availability_changed", "product.created", "product.updated",
                "product.deleted", "order.injected");
    }

    @Test
    void shouldMatchExactTypesWildcardsAndEmptyFilters() {
        assertThat(EventTypes.matches(List.of("inventory.*"), "inventory.low_stock")).isTrue();
        assertThat(EventTypes.matches(List.of("inventory.*"), "item.availability_changed")).isFalse();
        assertThat(EventTypes.matches(List.of("sale.created"), "sale.created")).isTrue();
        assertThat(EventTypes.matches(List.of("sale.created"), "sale.refunded")).isFalse();
        assertThat(EventTypes.matches(List.of(), "order.injected")).isTrue();
    }

    @Test
    void shouldRejectUnknownTypesAndWildcards() {
        assertThatThrownBy(() -> EventTypes.validateFilter(List.of("sale.created", "sale.exploded")))
                .isInstanceOf(ApiException.class).hasMessageContaining("sale.exploded");
        assertThatThrownBy(() -> EventTypes.validateFilter(List.of("nothing.*")))
                .isInstanceOf(ApiException.class);
        assertThat(EventTypes.validateFilter(List.of("inventory.*", "sale.created", "sale.created")))
                .containsExactly("inventory.*", "sale.created");
    }
}
