/** The city's branding in the page's language (app/branding/page_props.ts). */
export interface Branding {
  /** null: the default name (`ui.brand`). */
  name: string | null
  logo: { url: string; width: number; height: number } | null
  /** null: the default green. */
  color: { primary: string; dark: string } | null
  footerLinks: { label: string; url: string }[]
}

/**
 * Props every page receives (see app/shared/shared_page_props.ts,
 * app/identity/page_props.ts and app/branding/page_props.ts on the server):
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
  branding: Branding
  errors?: Record<string, string | string[]>
}
