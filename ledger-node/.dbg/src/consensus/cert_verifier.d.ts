import type { ConsensusCrypto } from './crypto.js';
import type { Block, CommitCert, QuorumCert, TimeoutCert } from './types.js';
/** What verification needs from the signature scheme: no signing key. */
export type ConsensusVerifier = Omit<ConsensusCrypto, 'sign'>;
export declare class CertVerifier {
    private readonly crypto;
    private readonly chainId;
    private readonly n;
    private readonly genesis;
    private readonly quorum;
    private readonly verified;
    constructor(crypto: ConsensusVerifier, chainId: string, n: number, genesis: Block);
    /** QC signature check: ≥ quorum distinct signers whose aggregate verifies over the vote message. */
    verifyQc(qc: QuorumCert): boolean;
    verifyTc(tc: TimeoutCert): boolean;
    verifyCommitCert(c: CommitCert): boolean;
    /** Sorted strictly ascending, in range, at least a quorum. */
    signersOk(signers: readonly number[]): boolean;
    private remember;
}
