// Package entry `@civic-budget/ledger-node/pb`: the replicas' pb application and its tx decoder, for
// readers outside the ledger that must execute committed blocks exactly as a replica does — the
// platform's `ledger:audit` replays the verified chain through `PbApp` instead of re-implementing
// its acceptance rules, and the platform's tests compare their encoders with the replicas' codec.
export { PbApp } from './app.js';
export { decodePbTx, decodeRecordPayload, } from './codec.js';
//# sourceMappingURL=index.js.map