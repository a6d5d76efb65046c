/**
 * Data types of the ledger-node consensus core (two-chain Jolteon / DiemBFT-v4).
 *
 * Everything here is plain data: no methods, no I/O. Byte strings are Uint8Array; hashes are 32 bytes.
 * Views ("rounds" in Jolteon) and heights are non-negative safe integers. Replica indices are 0..n-1.
 * Wire encodings of every type live in `src/codec/` (CBOR arrays, protocol.md).
 */
export {};
//# sourceMappingURL=types.js.map