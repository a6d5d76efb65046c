/**
 * Size limits of wire protocol v1: what the replicas refuse as malformed, in one place, so every
 * decoder (replicas, app projection, audit, pages) draws the line at the same byte.
 */

/** Replicas in a genesis (and so signers of a certificate). */
export const REPLICAS_MAX = 256
/** Transactions in one block. */
export const BLOCK_TXS_MAX = 100_000
/** Bytes of one transaction inside a block. */
export const TX_BYTES_MAX = 1 << 20

/** `ballotBytes` inside a ballot tx. */
export const BALLOT_BYTES_MAX = 64 * 1024
/** Choices on one ballot or paper sheet. */
export const CHOICES_MAX = 1024

/** `campaignBytes` inside a campaign tx. */
export const CAMPAIGN_BYTES_MAX = 1 << 20
/** Pots of a campaign (and winner lists of an outcome). */
export const POTS_MAX = 64
/** Projects of a campaign (and winners of one pot). */
export const PROJECTS_MAX = 4096

/** Payload of a platform record tx. */
export const RECORD_PAYLOAD_BYTES_MAX = 256 * 1024
/** Communities of a `credentials-issued` record. */
export const COMMUNITIES_MAX = 4096
/** UTF-8 bytes of an attachment's media type. */
export const MEDIA_TYPE_BYTES_MAX = 127
/** Characters of an outcome's rule name and override note. */
export const OUTCOME_RULE_MAX = 64
export const OUTCOME_OVERRIDE_MAX = 4096

/** `batchBytes` of a paper batch. */
export const PAPER_BATCH_BYTES_MAX = 4 << 20
/** UTF-8 bytes of a polling station name. */
export const STATION_BYTES_MAX = 128
/** Sheets in one paper batch. */
export const SHEETS_MAX = 10_000

/* Threshold encryption (protocol.md "Threshold encryption"). */
/** Trustees of one campaign (n). */
export const TRUSTEES_MAX = 64
/** `ceremony-restart` records a campaign may have (each starts its key ceremony over). */
export const CEREMONY_RESTARTS_MAX = 8
/** Padded plaintext of an encrypted ballot's choices (length prefix + CBOR + zero padding). */
export const PADDED_CHOICES_BYTES_MAX = 32 * 1024
/** Decryption shares in one batch record (≈ 133 KB, under the record payload limit). */
export const DECRYPTION_SHARES_MAX = 1024
