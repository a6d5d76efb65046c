// Replica HTTP API (ledger.md "Replica HTTP API"). JSON in and out; errors are `{error, message}` with a
// 4xx status; a handler failure answers 500 and never stops the process.
//
//   GET  /status                 {index, view, leader, height, committedHeight, committedHash, peersConnected,
//                                 mempool} (leader: of `view`, for a block extending this replica's highQc)
//   POST /txs                    {txs: [base64]} → 202 {accepted: [hash|null], rejected: [{index, reason, code, detail}]}
//   GET  /txs/:txHash            {status: pending|committed|rejected|unknown, height?, receipt?, reason?,
//                                 code?, detail?}   (a rejection is typed: `code` of @civic-budget/protocol's
//                                 REJECTION_CODES, `detail` its facts; `reason` is the same as one line)
//   GET  /blocks?from=H&limit=L  {blocks: [{height, blockHash, header, txs, commit: {signers, signature}|null}]}
//   GET  /genesis                the genesis file
//   GET  /metrics                Prometheus text
//   GET  /kv/:key                kv app: {key, value (base64)} of the committed value; 404 if absent
//   GET  /pb/campaigns/:id/tally pb app: committed tallies (ballots incl. paper, credentials issued)
//   POST /admin/partition        {on: bool} — test-only fault switch, only with LEDGER_TEST_FAULTS=1
//
// Every GET answer carries `Access-Control-Allow-Origin: *`: the public data (receipts, blocks, genesis)
// is readable by a browser page of any origin (the app's check-my-ballot page asks each replica
// directly). POSTs stay same-origin only (no CORS headers; a browser cannot send a JSON POST cross-site).
import { rejectionOf } from '@civic-budget/protocol/rejections';
import http from 'node:http';
import { txHash } from '../codec/tx.js';
import { toHex } from '../crypto/hash.js';
import { encodeHeader } from '../codec/block.js';
import { buildReceipt } from '../crypto/receipt.js';
export const TXS_PER_REQUEST_MAX = 20_000;
export const BLOCKS_PER_REQUEST_MAX = 100;
/** Txs verified between two yields to the event loop. */
const VERIFY_SLICE = 64;
/** Txs handed to the core per admission event. */
const ADMIT_SLICE = 1024;
const yieldToEventLoop = () => new Promise((r) => setImmediate(r));
class HttpError extends Error {
    status;
    code;
    constructor(status, code, message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
const b64 = (u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
function send(res, status, body) {
    sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}
function sendText(res, status, text, type) {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
}
function readBody(req, max) {
    return new Promise((resolve, reject) => {
        const declared = Number(req.headers['content-length'] ?? '0');
        if (declared > max) {
            reject(new HttpError(413, 'body_too_large', `body larger than ${max} bytes`));
            req.resume();
            return;
        }
        const chunks = [];
        let n = 0;
        req.on('data', (c) => {
            n += c.length;
            if (n > max) {
                reject(new HttpError(413, 'body_too_large', `body larger than ${max} bytes`));
                req.destroy();
                return;
            }
            chunks.push(c);
        });
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}
function intParam(u, name, def, min, max) {
    const v = u.searchParams.get(name);
    if (v === null) {
        if (def === undefined)
            throw new HttpError(400, 'bad_request', `missing query parameter ${name}`);
        return def;
    }
    if (!/^\d+$/.test(v))
        throw new HttpError(400, 'bad_request', `${name} must be a non-negative integer`);
    const n = Number(v);
    if (n < min || n > max)
        throw new HttpError(400, 'bad_request', `${name} must be in ${min}..${max}`);
    return n;
}
export async function startHttp(node, host, port, bodyBytesMax) {
    const server = http.createServer((req, res) => {
        handle(node, req, res, bodyBytesMax).catch((e) => {
            if (e instanceof HttpError)
                send(res, e.status, { error: e.code, message: e.message });
            else {
                process.stderr.write(`[replica ${node.index}] http error: ${e.stack ?? e}\n`);
                if (!res.headersSent)
                    send(res, 500, { error: 'internal', message: e.message });
                else
                    res.destroy();
            }
        });
    });
    server.keepAliveTimeout = 30_000;
    server.requestTimeout = 60_000;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    return {
        server,
        close: () => new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
        }),
    };
}
async function handle(node, req, res, bodyBytesMax) {
    const u = new URL(req.url ?? '/', 'http://x');
    const p = u.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET')
        res.setHeader('access-control-allow-origin', '*');
    if (method === 'GET' && p === '/status') {
        const s = node.core.status();
        return send(res, 200, {
            index: node.index,
            view: s.view,
            leader: s.leader,
            height: Math.max(node.maxBlockHeight, s.committedHeight),
            committedHeight: s.committedHeight,
            committedHash: s.committedHash,
            peersConnected: node.transport.peersConnected(),
            mempool: s.mempool,
        });
    }
    if (method === 'POST' && p === '/txs')
        return postTxs(node, req, res, bodyBytesMax);
    if (method === 'GET' && p.startsWith('/txs/'))
        return getTx(node, p.slice(5), res);
    if (method === 'GET' && p === '/blocks')
        return getBlocks(node, u, res);
    if (method === 'GET' && p === '/genesis')
        return sendText(res, 200, node.loaded.genesisText, 'application/json; charset=utf-8');
    if (method === 'GET' && p === '/metrics')
        return sendText(res, 200, metricsText(node), 'text/plain; version=0.0.4; charset=utf-8');
    if (method === 'GET' && p.startsWith('/kv/')) {
        if (!node.kv)
            throw new HttpError(404, 'not_found', 'this replica does not run the kv app');
        let key;
        try {
            key = decodeURIComponent(p.slice(4));
        }
        catch {
            throw new HttpError(400, 'bad_request', 'key is not valid percent-encoding');
        }
        const v = node.kv.getCommitted(key);
        if (v === undefined)
            throw new HttpError(404, 'not_found', `no committed value for key ${key}`);
        return send(res, 200, { key, value: b64(v) });
    }
    const m = /^\/pb\/campaigns\/(\d+)\/tally$/.exec(p);
    if (method === 'GET' && m) {
        if (!node.pb)
            throw new HttpError(404, 'not_found', 'this replica does not run the pb app');
        const t = node.pb.committedTally(Number(m[1]));
        if (!t)
            throw new HttpError(404, 'not_found', 'unknown campaign');
        return send(res, 200, {
            campaignId: Number(m[1]),
            ballots: t.ballots,
            paperBallots: t.paperBallots,
            credentialsIssued: issuedJson(node.pb.committedIssued(Number(m[1]))),
            projects: [...t.projects]
                .sort((a, b) => a[0] - b[0])
                .map(([id, v]) => ({ id, votes: v.votes, points: v.points })),
            pots: [...t.pots].sort((a, b) => a[0] - b[0]).map(([id, ballots]) => ({ id, ballots })),
            updatedAtHeight: node.pb.committedHeight(),
        });
    }
    if (method === 'POST' && p === '/admin/partition' && process.env.LEDGER_TEST_FAULTS === '1') {
        const body = JSON.parse((await readBody(req, 1024)).toString() || '{}');
        node.transport.partitioned = body.on === true;
        return send(res, 200, { partitioned: node.transport.partitioned });
    }
    throw new HttpError(404, 'not_found', `no route ${method} ${p}`);
}
function issuedJson(i) {
    if (!i)
        return null;
    const communities = [...i.communities].sort((a, b) => a[0] - b[0]);
    return {
        asOfMs: i.asOfMs,
        total: i.total,
        communities: communities.map(([communityId, total]) => ({ communityId, total })),
    };
}
async function postTxs(node, req, res, bodyBytesMax) {
    if (node.overloaded()) {
        req.resume();
        res.setHeader('retry-after', '1');
        throw new HttpError(503, 'overloaded', 'the replica is behind on consensus events; retry later');
    }
    const raw = await readBody(req, bodyBytesMax);
    let body;
    try {
        body = JSON.parse(raw.toString('utf8'));
    }
    catch {
        throw new HttpError(400, 'bad_json', 'body must be JSON {txs: [base64]}');
    }
    const list = body?.txs;
    if (!Array.isArray(list))
        throw new HttpError(400, 'bad_request', 'body must be {txs: [base64]}');
    if (list.length > TXS_PER_REQUEST_MAX)
        throw new HttpError(400, 'too_many_txs', `at most ${TXS_PER_REQUEST_MAX} txs per request`);
    const accepted = new Array(list.length).fill(null);
    const rejected = [];
    const reject = (index, reason) => rejected.push({ index, reason, ...rejectionOf(reason) });
    const toCore = [];
    const toCoreIdx = [];
    const now = Date.now();
    const decoded = [];
    const hashes = [];
    for (const s of list) {
        if (typeof s !== 'string' || s.length === 0 || !B64_RE.test(s)) {
            decoded.push(null);
            hashes.push('');
            continue;
        }
        const tx = new Uint8Array(Buffer.from(s, 'base64'));
        decoded.push(tx);
        hashes.push(txHash(tx)); // memoized: the core and the indexes reuse this hash of the same array
    }
    const known = await node.storage.getTxMany(hashes.filter((h) => h !== ''));
    // Batch-verify ballot credentials first (randomized batch check, cached per tx), then pre-check each tx.
    // Expensive checks run in slices with yields to the event loop, so a large submission never holds up
    // consensus messages (which would make views time out under load): batch-verify ballot credentials
    // (cached per tx), then the stateless checks (signatures; cached, so the core's checkTx is cheap).
    if (node.pb) {
        const valid = decoded.filter((d) => d !== null);
        for (let i = 0; i < valid.length; i += VERIFY_SLICE) {
            node.pb.prevalidate(valid.slice(i, i + VERIFY_SLICE));
            await yieldToEventLoop();
        }
        for (const [i, element] of valid.entries()) {
            node.pb.checkTx(element);
            if (i % VERIFY_SLICE === VERIFY_SLICE - 1)
                await yieldToEventLoop();
        }
    }
    let k = 0;
    for (let i = 0; i < list.length; i++) {
        const tx = decoded[i];
        if (tx === null || tx === undefined) {
            reject(i, 'not a base64 string');
            continue;
        }
        const hash = hashes[i];
        if (known[k++] !== undefined) {
            accepted[i] = hash; // already committed: a safe retry gets the same answer
            continue;
        }
        const pre = node.pb?.precheck(tx, now) ?? null;
        if (pre !== null) {
            node.rejections.set(hash, pre);
            reject(i, pre);
            continue;
        }
        toCore.push(tx);
        toCoreIdx.push(i);
    }
    if (toCore.length > 0) {
        for (let from = 0; from < toCore.length; from += ADMIT_SLICE) {
            const results = await node.submitTxs(toCore.slice(from, from + ADMIT_SLICE));
            results.forEach((r, j) => {
                const i = toCoreIdx[from + j];
                if (r.accepted || r.reason === 'already committed')
                    accepted[i] = r.txHash;
                else
                    reject(i, r.reason);
            });
        }
    }
    rejected.sort((a, b) => a.index - b.index);
    send(res, 202, { accepted, rejected });
}
async function getTx(node, hash, res) {
    if (!/^[0-9a-f]{64}$/.test(hash))
        throw new HttpError(400, 'bad_request', 'txHash must be 64 lowercase hex characters');
    const loc = await node.storage.getTx(hash);
    if (loc !== undefined) {
        const blockHash = await node.storage.getCommittedHash(loc.height);
        const block = blockHash && (await node.storage.getBlock(blockHash));
        const cert = node.core.commitCert(loc.height) ?? (await node.storage.getCommitCert(loc.height));
        const out = { status: 'committed', height: loc.height };
        if (block && cert)
            out.receipt = buildReceipt(block, loc.position, cert);
        return send(res, 200, out);
    }
    if (node.core.hasPendingTx(hash))
        return send(res, 200, { status: 'pending' });
    const reason = node.rejections.get(hash) ?? node.pb?.failures.get(hash);
    if (reason !== undefined)
        return send(res, 200, { status: 'rejected', reason, ...rejectionOf(reason) });
    return send(res, 200, { status: 'unknown' });
}
async function getBlocks(node, u, res) {
    const from = intParam(u, 'from', 1, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(u, 'limit', 20, 1, BLOCKS_PER_REQUEST_MAX);
    const blocks = [];
    const start = Math.max(1, from);
    for (let h = start; h < start + limit; h++) {
        const hash = await node.storage.getCommittedHash(h);
        if (hash === undefined)
            break;
        const b = await node.storage.getBlock(hash);
        if (b === undefined)
            break;
        const cert = node.core.commitCert(h) ?? (await node.storage.getCommitCert(h));
        blocks.push({
            height: h,
            blockHash: toHex(b.hash),
            header: b64(encodeHeader(b.header)),
            txs: b.txs.map(b64),
            commit: cert ? { signers: [...cert.signers], signature: toHex(cert.sig) } : null,
        });
    }
    send(res, 200, { blocks });
}
function metricsText(node) {
    const s = node.core.status();
    const cs = node.core.stats;
    const t = node.transport.stats;
    const lines = [];
    const metric = (name, type, help, value) => {
        lines.push(`# HELP ledger_${name} ${help}`, `# TYPE ledger_${name} ${type}`, `ledger_${name} ${Number.isFinite(value) ? value : 0}`);
    };
    metric('view', 'gauge', 'Current consensus view.', s.view);
    metric('committed_height', 'gauge', 'Height of the committed tip.', s.committedHeight);
    metric('block_height', 'gauge', 'Highest block height persisted.', node.maxBlockHeight);
    metric('commits_total', 'counter', 'Blocks committed by this replica since start.', node.metrics.commits);
    metric('committed_txs_total', 'counter', 'Transactions committed since start.', node.metrics.committedTxs);
    metric('certified_total', 'counter', 'Commit certificates formed or received.', node.metrics.certified);
    metric('proposals_total', 'counter', 'Blocks proposed.', cs.proposals);
    metric('votes_total', 'counter', 'Votes signed.', cs.votes);
    metric('timeouts_total', 'counter', 'View timeouts signed.', cs.timeouts);
    metric('qcs_formed_total', 'counter', 'Quorum certificates formed.', cs.qcsFormed);
    metric('tcs_formed_total', 'counter', 'Timeout certificates formed.', cs.tcsFormed);
    metric('sync_requests_total', 'counter', 'Catch-up requests sent.', cs.syncRequests);
    metric('mempool_size', 'gauge', 'Transactions waiting in the mempool.', s.mempool);
    metric('peers_connected', 'gauge', 'Peers with an authenticated outbound link.', node.transport.peersConnected());
    metric('verify_total', 'counter', 'BLS verifications by the consensus core.', node.crypto.stats.verifies);
    metric('verify_seconds_total', 'counter', 'Time spent in BLS verification by the consensus core.', node.crypto.stats.verifyMsTotal / 1000);
    if (node.pb) {
        metric('app_verify_total', 'counter', 'Ballot signature and credential verifications.', node.pb.stats.signatureVerifies + node.pb.stats.credentialVerifies);
        metric('app_verify_seconds_total', 'counter', 'Time spent verifying ballot signatures and credentials.', node.pb.stats.verifyMsTotal / 1000);
    }
    metric('core_seconds_total', 'counter', 'Time spent inside the consensus core (incl. app execution and verification).', node.metrics.coreMsTotal / 1000);
    metric('events_total', 'counter', 'Events processed by the consensus core.', node.metrics.eventsProcessed);
    metric('event_queue_max', 'gauge', 'Longest event queue seen.', node.metrics.queueMax);
    metric('event_queue_bytes_max', 'gauge', 'Largest event queue seen, in bytes.', node.metrics.queueBytesMax);
    metric('persist_total', 'counter', 'Storage write batches.', node.metrics.persists);
    metric('persist_seconds_total', 'counter', 'Time spent in storage writes.', node.metrics.persistMsTotal / 1000);
    metric('frames_in_total', 'counter', 'Frames received from peers.', t.framesIn);
    metric('frames_out_total', 'counter', 'Frames sent to peers.', t.framesOut);
    metric('frames_dropped_total', 'counter', 'Frames dropped (peer down, queue full, partition).', t.framesDropped);
    metric('peers_dropped_total', 'counter', 'Peer links dropped for misbehaviour.', t.peersDropped);
    metric('dropped_messages_total', 'counter', 'Peer messages dropped because the event queue was full.', node.metrics.droppedMessages);
    metric('bad_messages_total', 'counter', 'Malformed consensus messages received.', node.metrics.badMessages);
    metric('tree_blocks', 'gauge', 'Blocks in the block tree (committed tip included).', s.treeBlocks);
    metric('orphan_blocks', 'gauge', 'Proposals buffered while their parent is unknown.', s.orphans);
    metric('pooled_votes', 'gauge', 'Votes held for QCs not yet formed.', s.pooledVotes);
    metric('pooled_commit_sigs', 'gauge', 'Verified commit signatures held for certificates not yet formed.', s.pooledCommitSigs);
    lines.push('# HELP ledger_peer_drops_total Peer input the core dropped as wrong, by peer and reason.', '# TYPE ledger_peer_drops_total counter');
    for (const d of node.core.peerFaults.entries())
        lines.push(`ledger_peer_drops_total{peer="${d.peer}",reason="${d.reason}"} ${d.count}`);
    metric('alarms_total', 'counter', 'Safety alarms raised by the core (never expected).', node.metrics.alarms);
    return lines.join('\n') + '\n';
}
//# sourceMappingURL=http.js.map