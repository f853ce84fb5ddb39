package io.tillsync.intake.web;

/** Body of the 200 answering a platform's URL verification call (Clover's {@code verificationCode}). */
public record VerificationResponse(String status) {
}
