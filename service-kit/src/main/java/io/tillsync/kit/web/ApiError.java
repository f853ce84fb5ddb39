package io.tillsync.kit.web;

/** The JSON body of every error answer: a stable machine-readable code and a human message. */
public record ApiError(String error, String message) {
}
