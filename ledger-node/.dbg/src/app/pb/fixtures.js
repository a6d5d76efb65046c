// Builders for pb transactions with real keys and signatures (tests, bench, demo scripts).
import { randomBytes } from 'node:crypto';
import { bls, keygen } from '../../crypto/bls.js';
import { campaignSigningMessage, credentialMessage, ballotSigningMessage, ed25519PublicKey, ed25519Sign, encodeBallot, encodeBallotTx, encodeCampaign, encodeCampaignTx, encodePaperBatch, encodePaperBatchTx, encodeRecordTx, paperBatchApprovalMessage, paperBatchOperatorMessage, recordPayloadToCbor, recordSigningMessage, } from './codec.js';
import { encodeCbor } from '../../codec/cbor.js';
export function makeAdmin(seed = randomBytes(32)) {
    return { seed, publicKey: ed25519PublicKey(seed) };
}
export function makeRegistrar(seed = randomBytes(32)) {
    const sk = keygen(seed);
    return { sk, pk: bls.publicKey(sk) };
}
export function demoCampaign(id, registrarPk, opensAtMs = 0, closesAtMs = 4_102_444_800_000) {
    return {
        id,
        registrarPublicKey: registrarPk,
        votingOpensAtMs: opensAtMs,
        votingClosesAtMs: closesAtMs,
        pots: [
            { id: 1, budget: 500_000, rule: { kind: 'approval', minSelections: 1, maxSelections: 3 } },
            { id: 2, budget: 300_000, rule: { kind: 'knapsack', minSharePercent: 0 } },
            { id: 3, budget: 0, rule: { kind: 'cumulative', points: 5, maxPerProject: 3 } },
            { id: 4, budget: 0, rule: { kind: 'ranked', maxRanks: 2 } },
        ],
        projects: [
            { id: 11, cost: 100_000, potId: 1 },
            { id: 12, cost: 200_000, potId: 1 },
            { id: 13, cost: 50_000, potId: 1 },
            { id: 14, cost: 9_000, potId: 1 },
            { id: 21, cost: 200_000, potId: 2 },
            { id: 22, cost: 150_000, potId: 2 },
            { id: 31, cost: 1, potId: 3 },
            { id: 32, cost: 1, potId: 3 },
            { id: 41, cost: 1, potId: 4 },
            { id: 42, cost: 1, potId: 4 },
            { id: 43, cost: 1, potId: 4 },
        ],
    };
}
export function campaignTx(admin, c) {
    const bytes = encodeCampaign(c);
    return encodeCampaignTx(bytes, admin.publicKey, ed25519Sign(admin.seed, campaignSigningMessage(bytes)));
}
export function makeVoter(seed = randomBytes(32)) {
    return { seed, publicKey: ed25519PublicKey(seed) };
}
/** A ballot tx; `opts.badSignature` / `opts.badCredential` corrupt one signature for negative tests. */
export function ballotTx(registrarSk, campaignId, voter, choices, opts = {}) {
    const credential = bls.sign(registrarSk, credentialMessage(campaignId, voter.publicKey));
    if (opts.badCredential)
        credential[5] ^= 1;
    const ballotBytes = encodeBallot({ campaignId, choices, voterKey: voter.publicKey, credential });
    const sig = ed25519Sign(voter.seed, ballotSigningMessage(ballotBytes));
    if (opts.badSignature)
        sig[7] ^= 1;
    return { tx: encodeBallotTx(ballotBytes, sig), ballotBytes };
}
export const DEMO_CHOICES = [
    { projectId: 11, weight: 1 },
    { projectId: 13, weight: 1 },
    { projectId: 22, weight: 1 },
    { projectId: 31, weight: 3 },
    { projectId: 32, weight: 2 },
    { projectId: 41, weight: 2 },
    { projectId: 43, weight: 1 },
];
/** A platform record tx signed by `admin`. */
export function recordTx(admin, record) {
    const payloadBytes = encodeCbor(recordPayloadToCbor(record));
    const sig = ed25519Sign(admin.seed, recordSigningMessage(record.kind, payloadBytes));
    return encodeRecordTx(record.kind, payloadBytes, admin.publicKey, sig);
}
/** A paper-batch tx signed by `operator` and approved by `admin`. */
export function paperBatchTx(admin, operator, batch) {
    const batchBytes = encodePaperBatch(batch);
    return encodePaperBatchTx(batchBytes, operator.publicKey, ed25519Sign(operator.seed, paperBatchOperatorMessage(batchBytes)), admin.publicKey, ed25519Sign(admin.seed, paperBatchApprovalMessage(batchBytes, operator.publicKey)));
}
//# sourceMappingURL=fixtures.js.map