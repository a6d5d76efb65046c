// The crypto bound of the pb benchmark: what the ballots' signature checks alone allow on this machine.
// Every replica verifies each ballot once (Ed25519 ballot signature + its share of a randomized BLS
// batch over 128 credentials, the same calls PbApp uses), so with `replicas` co-located on `cores`
// cores no cluster can commit more than cores / (replicas × cost per ballot) ballots per second.
import os from 'node:os';
import { ballotSigningMessage, credentialMessage, decodePbTx, ed25519Verify, } from '../app/pb/codec.js';
import { bls } from '../crypto/bls.js';
const BATCH = 128;
export function measureCryptoBound(txs, registrarPk, replicas) {
    const ballots = txs.map(decodePbTx).flatMap((d) => (d.kind === 'ballot' ? [d] : []));
    const t0 = performance.now();
    for (const d of ballots)
        if (!ed25519Verify(d.ballot.voterKey, ballotSigningMessage(d.ballotBytes), d.signature))
            throw new Error('bench ballot with a bad signature');
    const t1 = performance.now();
    for (let i = 0; i < ballots.length; i += BATCH) {
        const sets = ballots.slice(i, i + BATCH).map((d) => ({
            pk: registrarPk,
            msg: credentialMessage(d.ballot.campaignId, d.ballot.voterKey),
            sig: d.ballot.credential,
        }));
        if (!bls.verifyBatch(sets))
            throw new Error('bench ballot with a bad credential');
    }
    const t2 = performance.now();
    const ed25519Us = ((t1 - t0) * 1000) / ballots.length;
    const credentialUs = ((t2 - t1) * 1000) / ballots.length;
    const cores = os.availableParallelism();
    const ballotsPerSecond = (cores * 1e6) / (replicas * (ed25519Us + credentialUs));
    return { ed25519Us, credentialUs, ballotsPerSecond, cores };
}
//# sourceMappingURL=crypto_bound.js.map