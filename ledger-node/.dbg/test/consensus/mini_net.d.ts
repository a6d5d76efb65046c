import type { Action, ConsensusMsg } from '../../src/consensus/types.js';
import { boot, type Harness } from './helpers.js';
export declare class MiniNet {
    hs: Harness[];
    queue: Array<{
        to: number;
        from: number;
        msg: ConsensusMsg;
    }>;
    timers: number[];
    now: number;
    cut: Set<number>;
    dropKinds: Set<string>;
    /** Drop the next N sync requests sent by a replica (links not up yet at start-up). */
    dropSyncRequestsFrom: Map<number, number>;
    servedFromStorage: number;
    /** Messages whose encoding exceeds this are not sent (as the transport refuses oversized frames). */
    frameBytesMax: number;
    oversized: number;
    /** Every message a replica sent, in order (observers, e.g. which views timed out). */
    onSend: (from: number, msg: ConsensusMsg) => void;
    start(cfg: Parameters<typeof boot>[2]): Promise<void>;
    exec(i: number, actions: Action[]): void;
    post(from: number, to: number | 'all', msg: ConsensusMsg): void;
    drain(): void;
    advance(ms: number): void;
    submit(to: number[], txs: Uint8Array[]): void;
}
