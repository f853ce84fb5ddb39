/** Everything Tillsync knows about Square: its API client(s), the mapping of its JSON to the normalized contracts, its constants and documented limits. No other package reads Square's JSON. */
package io.tillsync.platforms.square;
