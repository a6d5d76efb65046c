/**
 * Start-up: read a replica's durable state from Storage into the `PersistedState` the core's
 * `onRecovered` expects. Used by the real node and by the simulator after a crash.
 */
import type { App } from '../app/app.js';
import type { PersistedState } from '../consensus/types.js';
import type { Storage } from './storage.js';
export declare const RECOVERY_TAIL_BLOCKS = 256;
export declare const RECOVERY_PENDING_BLOCKS_MAX = 1024;
export declare class CorruptStorageError extends Error {
    constructor(message: string);
}
export declare function loadPersistedState(storage: Storage, app: App<unknown>, chainId: string, tailBlocks?: number): Promise<PersistedState>;
