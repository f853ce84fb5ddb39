-- What a product upsert carries that propagation writes elsewhere (title, SKU/price pairs; see PropagationKind), so an
-- upsert that changes none of it (a platform re-sending its state, the echo of a status write) is applied but not
-- propagated again. previous_content_hash is the value before the winning change, kept on redelivery of that change.
ALTER TABLE product ADD COLUMN content_hash text;
ALTER TABLE product ADD COLUMN previous_content_hash text;
