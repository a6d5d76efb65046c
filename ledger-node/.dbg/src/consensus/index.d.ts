/** Public surface of the consensus core (see docs/consensus-core.md). */
export { Replica, AssertionError, type ReplicaStatus } from './replica.js';
export { electLeader, LEADER_ELECTIONS, type ElectionEntry, type LeaderElection, } from './election.js';
export { defaultConfig, faultsTolerated, quorumSize, type ConsensusConfig } from './config.js';
export { FakeCrypto, type ConsensusCrypto } from './crypto.js';
export { buildSyncResponseFromStorage, buildSyncResponseSync, type CommittedChainReader, } from './sync.js';
export type * from './types.js';
