// Verifies outbound webhooks with the Standard Webhooks reference library (npm 'standardwebhooks').
// stdin: one JSON object per line {secret, headers: {webhook-id, webhook-timestamp, webhook-signature}, body}.
// Prints {"verified": n, "failed": m, "errors": [...]}.
import { Webhook } from 'standardwebhooks';
import { createInterface } from 'node:readline';

let verified = 0, failed = 0;
const errors = [];
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { secret, headers, body } = JSON.parse(line);
  try {
    new Webhook(secret).verify(body, headers);
    verified++;
  } catch (e) {
    failed++;
    if (errors.length < 3) errors.push(String(e));
  }
}
console.log(JSON.stringify({ verified, failed, errors }));
