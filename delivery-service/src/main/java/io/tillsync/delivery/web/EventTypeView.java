package io.tillsync.delivery.web;

/** One entry of the event type catalogue. */
public record EventTypeView(String type, String description) {
}
