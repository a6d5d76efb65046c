import { type ConsensusConfig } from '../../src/consensus/config.js';
import { Replica } from '../../src/consensus/replica.js';
import type { CommitCert, ConsensusMsg } from '../../src/consensus/types.js';
import { BlsConsensusCrypto } from '../../src/crypto/consensus_crypto.js';
import { MemoryStorage } from '../../src/storage/memory.js';
export declare const BYZANTINE = 3;
export declare function blsKey(i: number): BlsConsensusCrypto;
export interface Outgoing {
    readonly to: number | 'all';
    readonly msg: ConsensusMsg;
}
export interface ReplicaLog {
    commits: number;
    certs: CommitCert[];
    alarms: string[];
}
export declare class BlsNet {
    replicas: Replica[];
    storages: MemoryStorage[];
    logs: ReplicaLog[];
    /** Replica 3's key, for the attacker's own messages. */
    readonly attackerKey: BlsConsensusCrypto;
    /** Called when a message for replica 3 is sent; what it returns leaves right away as from replica 3. */
    attacker: (msg: ConsensusMsg, from: number) => Outgoing[];
    private queue;
    private timers;
    private txSeq;
    now: number;
    start(cfg?: Partial<ConsensusConfig>): Promise<void>;
    get honest(): Replica[];
    private exec;
    private post;
    drain(): void;
    private tick;
    /** `steps` rounds of: one new kv tx to every replica, then STEP_MS of clock. */
    run(steps: number): void;
    /** Lowest committed height among the honest replicas. */
    honestHeight(): number;
    /** Heights certified on every honest replica. */
    honestCertified(): Set<number>;
}
