package io.tillsync.intake.web;

/** Body of a 202: the webhook was stored in Kafka under this id. */
public record AcceptedResponse(String status, String id) {

    public static AcceptedResponse accepted(String id) {
        return new AcceptedResponse("accepted", id);
    }
}
