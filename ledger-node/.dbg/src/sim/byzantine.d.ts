/**
 * Byzantine message mutations for the simulator: applied to a fraction of the messages sent by faulty
 * (twinned) keys. Each produces something an attacker could send — inflated certificate views, swapped
 * hashes, truncated or re-ordered sync batches, forged commit certificates — and honest replicas must
 * drop it without an assertion failure or any safety effect.
 */
import type { ConsensusMsg } from '../consensus/types.js';
import type { Prng } from './prng.js';
export declare function mutate(msg: ConsensusMsg, r: Prng): ConsensusMsg;
