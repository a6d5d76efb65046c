/** Staff roles. Each grant may be scoped to a community (and its descendants). */
export const STAFF_ROLES = ['admin', 'moderator', 'expert', 'observer', 'terminal'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
