package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillsync.kit.web.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void shouldCatalogueOnlyTheTypesSomethingProduces() {
        assertThat(EventTypes.CATALOGUE).containsOnlyKeys("sale.created", "sale.updated", "sale.status_changed",
                "sale.refunded", "inventory.updated", "inventory.low_stock", "item.availability_changed",
                "product.created", "product.updated", "product.deleted", "order.injected");
        assertThatThrownBy(() -> EventTypes.validateFilter(List.of("customer.created")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldGenerateThePayloadSchemaFromTheAvroContract() {
        Map<String, Object> schema = EventTypes.payloadSchema("sale.created");
        Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get("data");
        Map<String, Object> fields = (Map<String, Object>) data.get("properties");

        assertThat(data.get("title")).isEqualTo("Sale");
        assertThat(fields).containsKeys("saleId", "version", "status", "total", "lines", "refund");
        assertThat((List<String>) data.get("required")).contains("saleId", "status", "updatedAt")
                .doesNotContain("total", "refund");
        assertThat((Map<String, Object>) fields.get("updatedAt")).containsEntry("format", "date-time");
        Map<String, Object> total = (Map<String, Object>) fields.get("total");
        assertThat(total.toString()).contains("pattern");
        Map<String, Object> available = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) EventTypes.payloadSchema("item.availability_changed").get("properties"))
                        .get("data")).get("properties")).get("available");
        assertThat(available).containsEntry("type", "boolean");
        assertThatThrownBy(() -> EventTypes.payloadSchema("customer.created")).isInstanceOf(ApiException.class);
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
