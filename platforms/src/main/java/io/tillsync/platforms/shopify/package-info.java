/** Everything Tillsync knows about Shopify: its API client(s), the mapping of its JSON to the normalized contracts, its constants and documented limits. No other package reads Shopify's JSON. */
package io.tillsync.platforms.shopify;
