export declare const VOTE_TAG: Uint8Array<ArrayBufferLike>;
export declare const PROPOSAL_TAG: Uint8Array<ArrayBufferLike>;
export declare const TIMEOUT_TAG: Uint8Array<ArrayBufferLike>;
export declare function voteSigningMessage(height: number, view: number, blockHash: Uint8Array): Uint8Array;
export declare function proposalSigningMessage(blockHash: Uint8Array): Uint8Array;
export declare function timeoutSigningMessage(chainId: string, view: number, highQcView: number): Uint8Array;
export declare function commitSigningMessage(blockHash: Uint8Array): Uint8Array;
