/** Everything Tillsync knows about Toast: its API client(s), the mapping of its JSON to the normalized contracts, its constants and documented limits. No other package reads Toast's JSON. */
package io.tillsync.platforms.toast;
