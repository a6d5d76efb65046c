// The `pb` app's transactions: the strict codec lives in the protocol package (`@civic-budget/protocol/pb`,
// where the app's `decodeLedgerTx` reads the same decoder), Ed25519 with the other Node fast paths.
export * from '@civic-budget/protocol/pb';
export { ed25519PublicKey, ed25519Sign, ed25519Verify } from '@civic-budget/protocol-node/ed25519';
//# sourceMappingURL=codec.js.map