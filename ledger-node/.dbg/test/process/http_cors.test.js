// CORS of the replica HTTP API: every GET answer (receipts, status, errors too) may be read by a
// browser page of any origin — the app's check-my-ballot page asks each replica directly — while
// POST answers carry no CORS header (submissions stay same-origin for browsers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from './harness.js';
test('GET answers allow any origin; POST answers do not', { timeout: 60_000 }, async () => {
    const c = await Cluster.create({ app: 'kv', basePort: 23400, n: 1 });
    try {
        const origin = { origin: 'http://check.example' };
        for (const p of ['/status', '/genesis', `/txs/${'ab'.repeat(32)}`, '/txs/not-a-hash']) {
            const r = await fetch(c.url(0, p), { headers: origin });
            assert.equal(r.headers.get('access-control-allow-origin'), '*', p);
        }
        const post = await fetch(c.url(0, '/txs'), {
            method: 'POST',
            headers: { ...origin, 'content-type': 'application/json' },
            body: JSON.stringify({ txs: [] }),
        });
        assert.equal(post.status, 202);
        assert.equal(post.headers.get('access-control-allow-origin'), null);
    }
    finally {
        await c.cleanup();
    }
});
//# sourceMappingURL=http_cors.test.js.map