/**
 * Props every page receives (see app/shared/shared_page_props.ts and
 * app/identity/page_props.ts on the server):
 * small DTOs, never models.
 */
export interface SharedProps {
  [key: string]: unknown
  locale: string
  locales: string[]
  /** The city's IANA time zone: every date is shown in it (~/lib/dates). */
  timeZone: string
  /** Languages content must be written in; the first is the fallback (~/lib/content). */
  contentLanguages: string[]
  messages: Record<string, string>
  resident: { id: number; phone: string | null } | null
  staff: { id: number; name: string; email: string } | null
  staffNav?: { href: string; label: string }[]
  flash: { success: string | null; error: string | null }
  errors?: Record<string, string | string[]>
}
