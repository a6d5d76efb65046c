export { PbApp, type PbAppOptions, type PbState, type Tally } from './app.js';
export { decodePbTx, decodeRecordPayload, type Campaign, type Choice, type PaperBatch, type PbTx, type RecordPayload, } from './codec.js';
