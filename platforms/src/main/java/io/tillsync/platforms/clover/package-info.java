/** Everything Tillsync knows about Clover: its API client(s), the mapping of its JSON to the normalized contracts, its constants and documented limits. No other package reads Clover's JSON. */
package io.tillsync.platforms.clover;
