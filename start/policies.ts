/*
| Bouncer policies of every module, lazy-loaded. A module adds its policy here
| (one line), like a Decidim component registering its permissions. Part of the
| app's wiring (as start/routes.ts is), so no module depends on the others' policies.
*/
export const policies = {
  campaign: () => import('#campaigns/policies/campaign_policy'),
  proposal: () => import('#proposals/policies/proposal_policy'),
  implementation: () => import('#implementation/policies/implementation_policy'),
  paperBatch: () => import('#voting/policies/paper_batch_policy'),
  terminal: () => import('#voting/policies/terminal_policy'),
  outcome: () => import('#outcomes/policies/outcome_policy'),
  report: () => import('#reporting/policies/report_policy'),
  webhook: () => import('#notifications/policies/webhook_policy'),
  branding: () => import('#branding/policies/branding_policy'),
}
