import { asArray, asBytes, asUint, CodecError, decodeCbor, encodeCbor, } from './cbor.js';
import { concatBytes } from '../crypto/hash.js';
import { blockFromCbor, cborArrayHead, encodeBlock, blockToCbor, commitCertFromCbor, commitCertToCbor, qcFromCbor, qcToCbor, REPLICAS_MAX, SIG_BYTES_MAX, tcFromCbor, tcToCbor, } from './block.js';
export const SYNC_BLOCKS_DECODE_MAX = 1024;
const T_PROPOSAL = 1;
const T_VOTE = 2;
const T_TIMEOUT = 3;
const T_COMMIT_SIG = 4;
const T_SYNC_REQUEST = 5;
const T_SYNC_RESPONSE = 6;
function voteToCbor(m) {
    return [1, T_VOTE, m.view, m.height, m.blockHash, m.voter, m.sig];
}
function timeoutToCbor(m) {
    return [
        1,
        T_TIMEOUT,
        m.view,
        m.sender,
        qcToCbor(m.highQc),
        m.lastTc ? tcToCbor(m.lastTc) : null,
        m.sig,
    ];
}
export function msgToCbor(m) {
    switch (m.kind) {
        case 'proposal':
            return [1, T_PROPOSAL, blockToCbor(m.block), m.tc ? tcToCbor(m.tc) : null, m.sig];
        case 'vote':
            return voteToCbor(m);
        case 'timeout':
            return timeoutToCbor(m);
        case 'commitSig':
            return [1, T_COMMIT_SIG, m.height, m.blockHash, m.signer, m.sig];
        case 'syncRequest':
            return [1, T_SYNC_REQUEST, m.committedHeight, m.tipHeight, m.tipHash, m.limit];
        case 'syncResponse':
            return [
                1,
                T_SYNC_RESPONSE,
                m.blocks.map(blockToCbor),
                m.certs.map(commitCertToCbor),
                m.highQc ? qcToCbor(m.highQc) : null,
                m.highTc ? tcToCbor(m.highTc) : null,
            ];
    }
}
/**
 * Byte-identical to `encodeCbor(msgToCbor(m))`; messages that carry blocks splice in the blocks'
 * memoized encodings (canonical CBOR is compositional) instead of re-encoding thousands of txs.
 */
export function encodeMsg(m) {
    switch (m.kind) {
        case 'proposal':
            return concatBytes(PROPOSAL_HEAD, encodeBlock(m.block), encodeCbor(m.tc ? tcToCbor(m.tc) : null), encodeCbor(m.sig));
        case 'syncResponse':
            return concatBytes(SYNC_RESPONSE_HEAD, cborArrayHead(m.blocks.length), ...m.blocks.map(encodeBlock), encodeCbor([
                m.certs.map(commitCertToCbor),
                m.highQc ? qcToCbor(m.highQc) : null,
                m.highTc ? tcToCbor(m.highTc) : null,
            ]).subarray(1));
        default:
            return encodeCbor(msgToCbor(m));
    }
}
/** [1, 1, …] of 5 items and [1, 6, …] of 6 items. */
const PROPOSAL_HEAD = new Uint8Array([0x85, 0x01, T_PROPOSAL]);
const SYNC_RESPONSE_HEAD = new Uint8Array([0x86, 0x01, T_SYNC_RESPONSE]);
const sig = (v, what) => asBytes(v, what, undefined, SIG_BYTES_MAX);
function voteFromArray(a) {
    if (a.length !== 7)
        throw new CodecError('vote: expected 7 items');
    return {
        kind: 'vote',
        view: asUint(a[2], 'vote.view'),
        height: asUint(a[3], 'vote.height'),
        blockHash: asBytes(a[4], 'vote.blockHash', 32),
        voter: asUint(a[5], 'vote.voter', REPLICAS_MAX - 1),
        sig: sig(a[6], 'vote.sig'),
    };
}
function timeoutFromArray(a) {
    if (a.length !== 7)
        throw new CodecError('timeout: expected 7 items');
    const m = {
        kind: 'timeout',
        view: asUint(a[2], 'timeout.view'),
        sender: asUint(a[3], 'timeout.sender', REPLICAS_MAX - 1),
        highQc: qcFromCbor(a[4]),
        lastTc: a[5] === null ? null : tcFromCbor(a[5]),
        sig: sig(a[6], 'timeout.sig'),
    };
    if (!(m.highQc.view < m.view))
        throw new CodecError('timeout: highQc.view must be < view');
    return m;
}
export function msgFromCbor(v) {
    const a = asArray(v, 'msg');
    if (a.length < 2)
        throw new CodecError('msg: too short');
    if (asUint(a[0], 'msg.version') !== 1)
        throw new CodecError('msg: unsupported version');
    const t = asUint(a[1], 'msg.type');
    switch (t) {
        case T_PROPOSAL: {
            if (a.length !== 5)
                throw new CodecError('proposal: expected 5 items');
            return {
                kind: 'proposal',
                block: blockFromCbor(a[2]),
                tc: a[3] === null ? null : tcFromCbor(a[3]),
                sig: sig(a[4], 'proposal.sig'),
            };
        }
        case T_VOTE:
            return voteFromArray(a);
        case T_TIMEOUT:
            return timeoutFromArray(a);
        case T_COMMIT_SIG: {
            if (a.length !== 6)
                throw new CodecError('commitSig: expected 6 items');
            return {
                kind: 'commitSig',
                height: asUint(a[2], 'commitSig.height'),
                blockHash: asBytes(a[3], 'commitSig.blockHash', 32),
                signer: asUint(a[4], 'commitSig.signer', REPLICAS_MAX - 1),
                sig: sig(a[5], 'commitSig.sig'),
            };
        }
        case T_SYNC_REQUEST: {
            if (a.length !== 6)
                throw new CodecError('syncRequest: expected 6 items');
            return {
                kind: 'syncRequest',
                committedHeight: asUint(a[2], 'syncRequest.committedHeight'),
                tipHeight: asUint(a[3], 'syncRequest.tipHeight'),
                tipHash: asBytes(a[4], 'syncRequest.tipHash', 32),
                limit: asUint(a[5], 'syncRequest.limit', SYNC_BLOCKS_DECODE_MAX),
            };
        }
        case T_SYNC_RESPONSE: {
            if (a.length !== 6)
                throw new CodecError('syncResponse: expected 6 items');
            const blocks = asArray(a[2], 'syncResponse.blocks');
            if (blocks.length > SYNC_BLOCKS_DECODE_MAX)
                throw new CodecError('syncResponse: too many blocks');
            const certs = asArray(a[3], 'syncResponse.certs');
            if (certs.length > SYNC_BLOCKS_DECODE_MAX)
                throw new CodecError('syncResponse: too many certs');
            return {
                kind: 'syncResponse',
                blocks: blocks.map(blockFromCbor),
                certs: certs.map(commitCertFromCbor),
                highQc: a[4] === null ? null : qcFromCbor(a[4]),
                highTc: a[5] === null ? null : tcFromCbor(a[5]),
            };
        }
        default:
            throw new CodecError(`msg: unknown type ${t}`);
    }
}
export function decodeMsg(bytes) {
    return msgFromCbor(decodeCbor(bytes));
}
// ── safety record ──
export function encodeSafetyRecord(r) {
    return encodeCbor([
        1,
        r.lastVotedView,
        qcToCbor(r.highQc),
        r.highestTimeoutView,
        r.lastVote ? voteToCbor(r.lastVote) : null,
        r.lastTimeout ? timeoutToCbor(r.lastTimeout) : null,
    ]);
}
export function decodeSafetyRecord(bytes) {
    const a = asArray(decodeCbor(bytes), 'safety', 6);
    if (asUint(a[0], 'safety.version') !== 1)
        throw new CodecError('safety: unsupported version');
    return {
        lastVotedView: asUint(a[1], 'safety.lastVotedView'),
        highQc: qcFromCbor(a[2]),
        highestTimeoutView: asUint(a[3], 'safety.highestTimeoutView'),
        lastVote: a[4] === null ? null : voteFromArray(asArray(a[4], 'safety.lastVote')),
        lastTimeout: a[5] === null ? null : timeoutFromArray(asArray(a[5], 'safety.lastTimeout')),
    };
}
//# sourceMappingURL=messages.js.map