package io.tillsync.intake.web;

/** Body of a 202: the webhook was stored in Kafka under this id. */
public record AcceptedResponse(String status, String id) {

    public static AcceptedResponse accepted(String id) {
        return new AcceptedResponse("accepted", id);
    }

    /**
     * The body as JSON text, written as it is: ids are UUIDs, nothing to escape, and the hot path is spared an
     * object mapper per answer.
     */
    String json() {
        return "{\"status\":\"" + status + "\",\"id\":\"" + id + "\"}";
    }
}
