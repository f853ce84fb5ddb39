-- The W3C traceparent of the platform event a message was made from: every attempt to deliver it is a span of
-- that trace, and the subscriber receives it as the traceparent header.
ALTER TABLE message ADD COLUMN traceparent text;
