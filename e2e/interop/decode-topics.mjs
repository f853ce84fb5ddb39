// Reads every record of the given topics with kafkajs and decodes each value through the schema registry with
// @kafkajs/confluent-schema-registry (Confluent wire format: magic byte, schema id, Avro body). Prints one JSON
// summary: per topic, how many records were read, decoded and failed, and a few decoded samples.
// Usage: node decode-topics.mjs <bootstrap> <registry-url> <topic>...
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const [bootstrap, registryUrl, ...topics] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'tillsync-interop', brokers: [bootstrap], logLevel: logLevel.NOTHING });
const registry = new SchemaRegistry({ host: registryUrl });
const summary = {};
for (const topic of topics) summary[topic] = { read: 0, decoded: 0, failed: 0, errors: [], samples: [] };

const consumer = kafka.consumer({ groupId: `tillsync-interop-${Date.now()}` });
await consumer.connect();
for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
let last = Date.now();
await consumer.run({
  eachMessage: async ({ topic, message }) => {
    last = Date.now();
    const s = summary[topic];
    s.read++;
    try {
      const value = await registry.decode(message.value);
      s.decoded++;
      if (s.samples.length < 3) s.samples.push(value);
    } catch (e) {
      s.failed++;
      if (s.errors.length < 3) s.errors.push(String(e));
    }
  },
});
const started = Date.now();
while (Date.now() - last < 5000 || Date.now() - started < 8000) {
  await new Promise((r) => setTimeout(r, 500));
  if (Date.now() - started > 120000) break;
}
await consumer.disconnect();
console.log(JSON.stringify(summary, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
