/** Domain-separation tags of wire protocol v1: each signed message is `tag ‖ 0x00 ‖ …`. */
export const TAG_CREDENTIAL = 'civic-budget/credential/v1'
export const TAG_BALLOT = 'civic-budget/ballot/v1'
export const TAG_COMMIT = 'civic-budget/commit/v1'
export const TAG_CAMPAIGN = 'civic-budget/campaign/v1'
export const TAG_PAPER_BATCH = 'civic-budget/paper-batch/v1'
export const TAG_PAPER_BATCH_APPROVAL = 'civic-budget/paper-batch-approval/v1'

/** Tag of a platform record kind: `civic-budget/<kind>/v1`. */
export function recordTag(kind: string): string {
  return `civic-budget/${kind}/v1`
}

/* Threshold encryption (protocol.md "Threshold encryption"): transcript, KDF and AEAD domains. */
/** Schnorr proof of knowledge of a trustee's ceremony key. */
export const TAG_TRUSTEE_KEY = 'civic-budget/trustee-key/v1'
/** Schnorr proof of knowledge of a dealer's constant term `a_0`. */
export const TAG_DKG_DEALING = 'civic-budget/dkg-dealing/v1'
/** HKDF info and AEAD associated data of a share encrypted to a recipient's ceremony key. */
export const TAG_DKG_SHARE = 'civic-budget/dkg-share/v1'
/** Chaum–Pedersen proof of a complaint's revealed key-agreement point. */
export const TAG_DKG_COMPLAINT = 'civic-budget/dkg-complaint/v1'
/** HKDF info of an encrypted ballot's key (from `r·PK`). */
export const TAG_BALLOT_KEM = 'civic-budget/ballot-kem/v1'
/** AEAD associated data of an encrypted ballot's choices. */
export const TAG_ENCRYPTED_CHOICES = 'civic-budget/encrypted-choices/v1'
/** Schnorr proof of knowledge of an encrypted ballot's randomness `r`. */
export const TAG_BALLOT_POK = 'civic-budget/ballot-pok/v1'
/** Chaum–Pedersen proof of a decryption share. */
export const TAG_DECRYPTION_SHARE = 'civic-budget/decryption-share/v1'
