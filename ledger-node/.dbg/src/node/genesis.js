// Genesis file (protocol.md "Genesis") and replica config files.
//
// genesis.json = { chainId, replicas: [{index, publicKey, pop, address}], quorum, app?, admins?,
//   leaderElection? }
//   publicKey: hex 48-byte BLS G1 key; pop: hex 96-byte proof of possession; address: "host:port" of the
//   replica's peer port. Extensions: `app` ("kv" | "pb"), `admins` (hex Ed25519 keys allowed to register
//   pb campaigns) and `leaderElection` ("reputation" (default) | "round-robin", consensus/election.ts) —
//   all consensus-relevant, so they live in the file every replica shares.
// replica-I/config.json = { index, genesis, secretKeyFile, dataDir, listen: {host, port}, http: {host, port},
//   consensus?: partial ConsensusConfig overrides } (paths relative to the config file's directory).
import fs from 'node:fs';
import path from 'node:path';
import { encodeCbor } from '../codec/cbor.js';
import { fromHex, sha256, toHex } from '../crypto/hash.js';
import { popVerify } from '../crypto/bls.js';
import { quorumSize } from '../consensus/config.js';
import { LEADER_ELECTIONS } from '../consensus/election.js';
export class ConfigError extends Error {
}
export function parseGenesis(text, checkPops = true) {
    let g;
    try {
        g = JSON.parse(text);
    }
    catch (e) {
        throw new ConfigError(`genesis is not JSON: ${e.message}`);
    }
    if (typeof g !== 'object' || g === null)
        throw new ConfigError('genesis must be an object');
    if (typeof g.chainId !== 'string' || g.chainId.length === 0 || g.chainId.length > 256)
        throw new ConfigError('genesis.chainId must be a non-empty string');
    if (!Array.isArray(g.replicas) || g.replicas.length === 0 || g.replicas.length > 256)
        throw new ConfigError('genesis.replicas must be a non-empty array');
    g.replicas.forEach((r, i) => {
        if (r.index !== i)
            throw new ConfigError(`genesis.replicas[${i}].index must be ${i}`);
        if (typeof r.publicKey !== 'string' || !/^[0-9a-f]{96}$/.test(r.publicKey))
            throw new ConfigError(`genesis.replicas[${i}].publicKey must be 48 bytes hex`);
        if (typeof r.pop !== 'string' || !/^[0-9a-f]{192}$/.test(r.pop))
            throw new ConfigError(`genesis.replicas[${i}].pop must be 96 bytes hex`);
        if (typeof r.address !== 'string' || !/^[^:]+:\d+$/.test(r.address))
            throw new ConfigError(`genesis.replicas[${i}].address must be host:port`);
        if (checkPops && !popVerify(fromHex(r.publicKey), fromHex(r.pop)))
            throw new ConfigError(`genesis.replicas[${i}]: proof of possession does not verify`);
    });
    const n = g.replicas.length;
    if (!Number.isInteger(g.quorum) || g.quorum < quorumSize(n) || g.quorum > n)
        throw new ConfigError(`genesis.quorum must be in ${quorumSize(n)}..${n}`);
    if (g.app !== undefined && g.app !== 'kv' && g.app !== 'pb')
        throw new ConfigError('genesis.app must be "kv" or "pb"');
    if (g.leaderElection !== undefined && !LEADER_ELECTIONS.includes(g.leaderElection))
        throw new ConfigError(`genesis.leaderElection must be one of ${LEADER_ELECTIONS.join(', ')}`);
    if (g.admins !== undefined &&
        (!Array.isArray(g.admins) ||
            g.admins.some((a) => typeof a !== 'string' || !/^[0-9a-f]{64}$/.test(a)))) {
        throw new ConfigError('genesis.admins must be hex Ed25519 public keys');
    }
    return g;
}
/** SHA-256 over the canonical CBOR of every consensus-relevant genesis field (the storage manifest uses it). */
export function verifyGenesisPops(g) {
    g.replicas.forEach((r, i) => {
        if (!popVerify(fromHex(r.publicKey), fromHex(r.pop)))
            throw new ConfigError(`genesis.replicas[${i}]: proof of possession does not verify`);
    });
}
export function genesisChecksum(g) {
    return sha256(encodeCbor([
        1,
        g.chainId,
        g.quorum,
        g.replicas.map((r) => [r.index, fromHex(r.publicKey), fromHex(r.pop), r.address]),
        g.app ?? 'kv',
        (g.admins ?? []).map(fromHex),
        g.leaderElection ?? 'reputation',
    ]));
}
export function genesisPublicKeys(g) {
    return g.replicas.map((r) => fromHex(r.publicKey));
}
export function loadReplicaConfig(configPath) {
    let config;
    try {
        config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
    }
    catch (e) {
        throw new ConfigError(`cannot read config ${configPath}: ${e.message}`);
    }
    const dir = path.dirname(path.resolve(configPath));
    const rel = (p) => path.resolve(dir, p);
    if (!Number.isInteger(config.index) || config.index < 0)
        throw new ConfigError('config.index must be a replica index');
    for (const k of ['genesis', 'secretKeyFile', 'dataDir']) {
        if (typeof config[k] !== 'string')
            throw new ConfigError(`config.${k} must be a path`);
    }
    for (const k of ['listen', 'http']) {
        const v = config[k];
        if (!v ||
            typeof v.host !== 'string' ||
            !Number.isInteger(v.port) ||
            v.port <= 0 ||
            v.port > 65535)
            throw new ConfigError(`config.${k} must be {host, port}`);
    }
    let genesisText;
    try {
        genesisText = fs.readFileSync(rel(config.genesis), 'utf8');
    }
    catch (e) {
        throw new ConfigError(`cannot read genesis ${rel(config.genesis)}: ${e.message}`);
    }
    // Proofs of possession are checked when the replica's store is created (ReplicaNode.start); later starts
    // rely on the store's manifest, which pins the checksum of the same genesis.
    const genesis = parseGenesis(genesisText, false);
    if (config.index >= genesis.replicas.length)
        throw new ConfigError(`config.index ${config.index} is not in the genesis`);
    let skHex;
    try {
        skHex = fs.readFileSync(rel(config.secretKeyFile), 'utf8').trim();
    }
    catch (e) {
        throw new ConfigError(`cannot read secret key ${rel(config.secretKeyFile)}: ${e.message}`);
    }
    if (!/^[0-9a-f]{64}$/.test(skHex))
        throw new ConfigError('secret key file must hold 32 bytes hex');
    return {
        configPath,
        dir,
        config,
        genesisText,
        genesis,
        secretKey: fromHex(skHex),
        dataDir: rel(config.dataDir),
    };
}
export { toHex };
//# sourceMappingURL=genesis.js.map