/** Everything Tillsync knows about Revel: its API client(s), the mapping of its JSON to the normalized contracts, its constants and documented limits. No other package reads Revel's JSON. */
package io.tillsync.platforms.revel;
