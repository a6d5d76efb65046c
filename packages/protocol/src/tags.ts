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
