-- The W3C traceparent of the change a job writes: the write to the target platform continues that trace.
ALTER TABLE propagation_job ADD COLUMN traceparent text;
