// The fast lane (`npm run test:unit`): the suites that need no QEMU, qemu-ga or
// guest, loaded into one process so the lane costs one Node start-up.
import './backoff.test.js';
import './fleet/placement.test.js';
import './hmp/command-line.test.js';
import './hmp/console-parser.test.js';
import './index.test.js';
import './mux/policy-rules.test.js';
import './mux/units.test.js';
import './session/reply-matcher.test.js';
import './session/subscriptions.test.js';
import './transport/stream-schemes.test.js';
import './wire/exact-json.test.js';
import './wire/json-stream-decoder.test.js';
import './wire/qemu-json-limits.test.js';
