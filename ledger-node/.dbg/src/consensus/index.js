/** Public surface of the consensus core (see docs/consensus-core.md). */
export { Replica, AssertionError } from './replica.js';
export { electLeader, LEADER_ELECTIONS, } from './election.js';
export { defaultConfig, faultsTolerated, quorumSize } from './config.js';
export { FakeCrypto } from './crypto.js';
export { buildSyncResponseFromStorage, buildSyncResponseSync, } from './sync.js';
//# sourceMappingURL=index.js.map