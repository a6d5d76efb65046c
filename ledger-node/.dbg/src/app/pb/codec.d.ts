export * from '@civic-budget/protocol/pb';
export { ed25519PublicKey, ed25519Sign, ed25519Verify } from '@civic-budget/protocol-node/ed25519';
