/** Everything Tillsync knows about TripleSeat: its API client(s), the mapping of its JSON to the normalized contracts, its constants and documented limits. No other package reads TripleSeat's JSON. */
package io.tillsync.platforms.tripleseat;
