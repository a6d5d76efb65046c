// A replica process: consensus core + RocksDB storage + TCP transport + app + HTTP API.
//
// Invariants:
// - the core sees one event at a time (a FIFO queue drained by one async loop);
// - actions run strictly in list order; every `persist` is awaited before the next action, so a vote or
//   timeout never leaves the process before the safety record covering it is durable (sync writes);
// - a replica only starts on the data directory made for its chain, index and genesis (manifest), and
//   refuses to start if the directory of a replica that has run before is gone (marker file);
// - malformed peer messages drop the peer's link and are logged; they never stop the process.
import fs from 'node:fs';
import path from 'node:path';
import { Replica } from '../consensus/replica.js';
import { SafetyRecordError } from '../consensus/safety_rules.js';
import { defaultConfig } from '../consensus/config.js';
import { decodeMsg, encodeMsg } from '../codec/messages.js';
import { txHash as computeTxHash } from '../codec/tx.js';
import { buildSyncResponseFromStorage } from '../consensus/sync.js';
import { loadPersistedState, CorruptStorageError } from '../storage/load.js';
import { RocksStorage, StorageMismatchError } from '../storage/rocksdb.js';
import { Transport } from '../net/transport.js';
import { EventQueue } from './event_queue.js';
import { BlsConsensusCrypto } from '../crypto/consensus_crypto.js';
import { KvApp } from '../app/kv.js';
import { PbApp } from '../app/pb/app.js';
import { bls } from '../crypto/bls.js';
import { fromHex, toHex } from '../crypto/hash.js';
import { genesisChecksum, genesisPublicKeys, verifyGenesisPops, } from './genesis.js';
import { startHttp } from './http.js';
export class StartupRefusal extends Error {
}
const REJECTIONS_MAX = 100_000;
const DEBUG = process.env.LEDGER_DEBUG === '1';
export class ReplicaNode {
    loaded;
    core;
    storage;
    transport;
    app;
    kv = null;
    pb = null;
    crypto;
    cfg;
    http = null;
    index;
    /** Highest block height persisted (committed or not). */
    maxBlockHeight = 0;
    /** Admission rejections by txHash (reason), for GET /txs/:hash. */
    rejections = new Map();
    metrics = {
        commits: 0,
        committedTxs: 0,
        certified: 0,
        alarms: 0,
        messagesIn: 0,
        badMessages: 0,
        droppedMessages: 0,
        eventsProcessed: 0,
        persistMsTotal: 0,
        persists: 0,
        coreMsTotal: 0,
        queueMax: 0,
        queueBytesMax: 0,
    };
    /** Bounded by cfg.eventQueueMax / eventQueueBytesMax (set in start). */
    queue = new EventQueue(1, 1);
    draining = false;
    drainDone = Promise.resolve();
    timer = null;
    stopping = false;
    log;
    constructor(loaded) {
        this.loaded = loaded;
        this.index = loaded.config.index;
        this.log = (m) => process.stderr.write(`[replica ${this.index}] ${new Date().toISOString()} ${m}\n`);
    }
    get genesis() {
        return this.loaded.genesis;
    }
    async start() {
        const { genesis, config, secretKey, dataDir, dir } = this.loaded;
        const n = genesis.replicas.length;
        const pks = genesisPublicKeys(genesis);
        this.crypto = new BlsConsensusCrypto(this.index, secretKey, pks);
        if (toHex(bls.publicKey(secretKey)) !== genesis.replicas[this.index].publicKey) {
            throw new StartupRefusal(`secret key does not match genesis.replicas[${this.index}].publicKey`);
        }
        this.cfg = {
            ...defaultConfig(genesis.chainId, n, this.index),
            ...(config.consensus ?? {}),
            chainId: genesis.chainId,
            replicaCount: n,
            selfIndex: this.index,
            leaderElection: genesis.leaderElection ?? 'reputation',
        };
        if ((genesis.app ?? 'kv') === 'pb') {
            this.pb = new PbApp({ admins: (genesis.admins ?? []).map(fromHex) });
            this.app = this.pb;
        }
        else {
            this.kv = new KvApp();
            this.app = this.kv;
        }
        // Data directory checks: marker (has this replica run before?) + manifest inside RocksDB.
        const marker = path.join(dir, `replica-${this.index}.started`);
        const markerExists = fs.existsSync(marker);
        const dataExists = fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0;
        if (markerExists && !dataExists) {
            throw new StartupRefusal(`data directory ${dataDir} is missing or empty, but this replica has run before (${marker}). ` +
                `Refusing to start: its safety record (last voted view) is lost and starting empty could make it vote twice. ` +
                `Restore the directory from a backup, or (with at most f replicas affected) delete ${marker} to rejoin as an empty replica that catches up from its peers.`);
        }
        try {
            this.storage = await RocksStorage.open(dataDir, {
                createIfMissing: !markerExists,
                manifest: {
                    chainId: genesis.chainId,
                    replicaIndex: this.index,
                    genesisChecksum: genesisChecksum(genesis),
                },
            });
        }
        catch (e) {
            if (e instanceof StorageMismatchError)
                throw new StartupRefusal(`refusing to start: ${e.message}`);
            throw e;
        }
        if (this.storage.created) {
            try {
                verifyGenesisPops(genesis);
            }
            catch (e) {
                await this.storage.close();
                fs.rmSync(dataDir, { recursive: true, force: true });
                throw new StartupRefusal(e.message);
            }
        }
        if (!markerExists)
            fs.writeFileSync(marker, JSON.stringify({
                chainId: genesis.chainId,
                index: this.index,
                firstStartedAt: new Date().toISOString(),
            }) + '\n');
        let persisted;
        try {
            persisted = await loadPersistedState(this.storage, this.app, genesis.chainId);
        }
        catch (e) {
            await this.storage.close().catch(() => { });
            if (e instanceof CorruptStorageError || e instanceof Error)
                throw new StartupRefusal(`refusing to start: data directory ${dataDir} is corrupted: ${e.message}`);
            throw e;
        }
        const tip = await this.storage.getCommittedTip();
        this.maxBlockHeight = tip?.height ?? 0;
        for (const b of persisted.pendingBlocks)
            this.maxBlockHeight = Math.max(this.maxBlockHeight, b.header.height);
        this.core = new Replica(this.cfg, this.crypto, this.app);
        this.queue = new EventQueue(this.cfg.eventQueueMax, this.cfg.eventQueueBytesMax);
        const peers = genesis.replicas.map((r) => {
            const i = r.address.lastIndexOf(':');
            return {
                index: r.index,
                host: r.address.slice(0, i),
                port: Number(r.address.slice(i + 1)),
                publicKey: pks[r.index],
            };
        });
        this.transport = new Transport({
            chainId: genesis.chainId,
            index: this.index,
            secretKey,
            listenHost: config.listen.host,
            listenPort: config.listen.port,
            peers,
            frameBytesMax: Math.max(4 << 20, this.cfg.blockBytesMax * 2 + (1 << 20)),
            log: this.log,
        });
        this.transport.onMessage = (from, payload) => this.onPeerFrame(from, payload);
        this.enqueue({ ev: { kind: 'recovered', nowMs: Date.now(), persisted } }, 0);
        await this.transport.start();
        this.http = await startHttp(this, config.http.host, config.http.port, config.httpBodyBytesMax ?? 16 << 20);
        this.log(`started: chain ${genesis.chainId}, app ${this.app.name}, committed height ${tip?.height ?? 0}, peers ${config.listen.host}:${config.listen.port}, http ${config.http.host}:${config.http.port}`);
    }
    async stop() {
        if (this.stopping)
            return;
        this.stopping = true;
        if (this.timer)
            clearTimeout(this.timer);
        await this.http?.close();
        await this.transport?.close();
        this.queue.clear();
        await this.drainDone;
        await this.storage?.close();
        this.log('stopped');
    }
    // ── events ──
    onPeerFrame(from, payload) {
        this.metrics.messagesIn++;
        let msg;
        try {
            msg = decodeMsg(payload);
        }
        catch (e) {
            this.metrics.badMessages++;
            this.transport.dropPeer(from, `malformed message: ${e.message}`);
            return;
        }
        // Ballot credentials are batch-checked by the core (App.prevalidate) only once the block's
        // sender, signature and certificate verified.
        const q = { ev: { kind: 'message', nowMs: Date.now(), from, msg } };
        if (this.stopping)
            return;
        if (!this.queue.offer(q, payload.length)) {
            this.metrics.droppedMessages++;
            return;
        }
        this.queued();
    }
    /** True when the core is so far behind that client submissions should be refused (HTTP 503). */
    overloaded() {
        return this.queue.overloaded();
    }
    /** Submits client txs; resolves with the core's admission verdicts (same order). */
    submitTxs(txs) {
        return new Promise((resolve) => {
            const bytes = txs.reduce((sum, tx) => sum + tx.length, 0);
            this.enqueue({ ev: { kind: 'clientTxs', nowMs: Date.now(), txs }, onAdmission: resolve }, bytes);
        });
    }
    enqueue(q, bytes) {
        if (this.stopping)
            return;
        this.queue.push(q, bytes);
        this.queued();
    }
    queued() {
        this.metrics.queueMax = Math.max(this.metrics.queueMax, this.queue.length);
        this.metrics.queueBytesMax = Math.max(this.metrics.queueBytesMax, this.queue.bytes);
        if (!this.draining)
            this.drainDone = this.drain();
    }
    async drain() {
        this.draining = true;
        try {
            while (this.queue.length > 0 && !this.stopping) {
                const q = this.queue.shift();
                if (q.ev.kind !== 'recovered')
                    q.ev.nowMs = Date.now();
                const t0 = performance.now();
                const actions = this.core.onEvent(q.ev);
                this.metrics.coreMsTotal += performance.now() - t0;
                this.metrics.eventsProcessed++;
                if (DEBUG)
                    this.debugTrace(q.ev, actions);
                await this.execute(actions, q);
            }
        }
        catch (e) {
            if (e instanceof SafetyRecordError) {
                // Raised only while recovering: the same refusal (exit 3) as any other bad data directory.
                this.log(`refusing to start: data directory ${this.loaded.dataDir}: ${e.message}`);
                process.exit(3);
            }
            this.log(`FATAL: ${e.stack ?? e}`);
            process.exit(70);
        }
        finally {
            this.draining = false;
        }
    }
    async execute(actions, q) {
        for (const a of actions) {
            switch (a.kind) {
                case 'persist': {
                    for (const op of a.batch.ops)
                        if (op.kind === 'putBlock' && op.block.header.height > this.maxBlockHeight)
                            this.maxBlockHeight = op.block.header.height;
                    const t0 = performance.now();
                    await this.storage.write(a.batch);
                    this.metrics.persists++;
                    this.metrics.persistMsTotal += performance.now() - t0;
                    break;
                }
                case 'send': {
                    if (this.stopping)
                        break;
                    const bytes = encodeMsg(a.msg);
                    if (a.to === 'all')
                        this.transport.broadcast(bytes);
                    else if (a.to !== this.index)
                        this.transport.send(a.to, bytes);
                    break;
                }
                case 'commit':
                    for (const cb of a.blocks) {
                        this.metrics.commits++;
                        this.metrics.committedTxs += cb.block.txs.length;
                        if (this.rejections.size > 0)
                            for (const tx of cb.block.txs)
                                this.rejections.delete(computeTxHash(tx));
                    }
                    break;
                case 'certified':
                    this.metrics.certified++;
                    break;
                case 'setTimer':
                    this.setTimer(a.atMs);
                    break;
                case 'serveSyncFromStorage': {
                    const resp = await buildSyncResponseFromStorage(this.storage, a.req, this.cfg.syncBatchMax, this.cfg.syncBytesMax);
                    if (!this.stopping)
                        this.transport.send(a.to, encodeMsg(resp));
                    break;
                }
                case 'txAdmission':
                    for (const r of a.results) {
                        if (!r.accepted) {
                            if (this.rejections.size >= REJECTIONS_MAX)
                                this.rejections.clear();
                            this.rejections.set(r.txHash, r.reason);
                        }
                    }
                    q.onAdmission?.(a.results);
                    break;
                case 'alarm':
                    this.metrics.alarms++;
                    this.log(`ALARM: ${a.reason}`);
                    break;
            }
        }
    }
    debugTrace(ev, actions) {
        const m = ev.kind === 'message' ? ev.msg : null;
        const evs = m
            ? `${m.kind} from ${ev.kind === 'message' ? ev.from : ''} ${'view' in m ? `v${m.view}` : ''}${m.kind === 'proposal' ? ` v${m.block.header.view} h${m.block.header.height}` : ''}`
            : ev.kind;
        const acts = actions.map((a) => a.kind === 'send'
            ? `send ${a.msg.kind}${'view' in a.msg ? ` v${a.msg.view}` : ''}${a.msg.kind === 'proposal' ? ` v${a.msg.block.header.view}` : ''} to ${a.to}`
            : a.kind === 'persist'
                ? `persist${a.batch.sync ? '(sync)' : ''}`
                : a.kind === 'setTimer'
                    ? `timer +${a.atMs - Date.now()}`
                    : a.kind);
        const st = this.core.status();
        this.log(`ev ${evs} [view ${st.view} committed ${st.committedHeight}] → ${acts.join(', ')}`);
    }
    setTimer(atMs) {
        // Only the latest request matters (consensus/types.ts): replace any armed timer.
        if (this.timer)
            clearTimeout(this.timer);
        const delay = Math.max(0, Math.min(atMs - Date.now(), 2 ** 31 - 1));
        this.timer = setTimeout(() => {
            this.timer = null;
            this.enqueue({ ev: { kind: 'tick', nowMs: Date.now() } }, 0);
        }, delay);
    }
}
//# sourceMappingURL=replica_node.js.map