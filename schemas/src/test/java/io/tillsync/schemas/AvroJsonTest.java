package io.tillsync.schemas;

import io.tillsync.avro.InventoryUpdated;
import io.tillsync.avro.PlatformEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AvroJsonTest {

    @Test
    void shouldRenderDecimalsAsExactStringsTimestampsAsIsoAndUnionsAsTheirBranch() {
        PlatformEvent event = PlatformEvent.newBuilder().setEventId("e1").setTenant("acme").setType("inventory.updated")
                .setOccurredAt(Instant.parse("2026-11-23T12:00:00.250Z"))
                .setData(InventoryUpdated.newBuilder().setItemId("I1").setQuantity(new BigDecimal("10.1000")).build())
                .build();

        Map<String, Object> json = AvroJson.toMap(event);

        assertThat(json).containsEntry("occurredAt", "2026-11-23T12:00:00.250Z").containsEntry("subject", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) json.get("data");
        assertThat(data).containsEntry("itemId", "I1").containsEntry("quantity", "10.1").containsEntry("previousQuantity", null);
    }
}
