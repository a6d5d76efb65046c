import { type TxReceipt } from '@civic-budget/protocol/receipt';
import type { Block, CommitCert } from '../consensus/types.js';
import { type BlsBackend } from './bls.js';
import type { Genesis } from '../node/genesis.js';
export type Receipt = TxReceipt;
export declare function buildReceipt(block: Block, position: number, cert: CommitCert): Receipt;
export type ReceiptCheck = {
    ok: true;
    height: number;
    txHash: string;
} | {
    ok: false;
    reason: string;
};
export declare function verifyReceipt(receipt: unknown, genesis: Genesis, backend?: BlsBackend): ReceiptCheck;
