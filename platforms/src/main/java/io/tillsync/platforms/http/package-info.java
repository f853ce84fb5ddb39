/**
 * The one outbound HTTP layer: every call that leaves the stack (platform APIs, propagation writes, order clients,
 * pollers, subscriber deliveries) goes through it. It checks the address it actually connects to, caps response
 * sizes and time, and reports failures as one typed exception.
 */
package io.tillsync.platforms.http;
