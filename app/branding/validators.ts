/*
| Validators of the branding screen. Custom rules report `branding.<rule>`, whose messages are in
| resources/lang/<locale>/validator/shared/messages/branding.json.
*/
import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { CONTRAST_MIN, contrastWithWhite, normalizeHex, shownRatio } from '#branding/colors'

export const NAME_LENGTH_MAX = 80
export const LINK_LABEL_LENGTH_MAX = 60
export const LINK_URL_LENGTH_MAX = 2000
export const FOOTER_LINKS_MAX = 8
/** The logo as uploaded (before it is re-encoded and scaled down). */
export const LOGO_BYTES_MAX = 2 * 1024 * 1024
export const LOGO_EXTNAMES = ['png', 'jpg', 'jpeg', 'webp']

/** A `#rrggbb` colour on which white text reads at WCAG AA (buttons put white text on it). */
const primaryColorRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const hex = normalizeHex(value)
  if (!hex) {
    field.report('Enter a colour as #RRGGBB', 'branding.color', field)
    return
  }
  const ratio = contrastWithWhite(hex)
  if (ratio < CONTRAST_MIN) {
    field.report('The colour is too light for white text', 'branding.contrast', field, {
      ratio: shownRatio(ratio),
      min: CONTRAST_MIN,
    })
  }
})

/** Whether a footer link may be followed: a web address (http, https) or an e-mail (mailto). */
export function isAllowedLink(value: string): boolean {
  // Control characters and spaces are how `java\tscript:` slips past naive checks.
  if (/\s/.test(value) || [...value].some((char) => char < ' ' || char === '\u007f')) return false
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.protocol === 'mailto:') return /^[^@/]+@[^@/]+$/.test(url.pathname)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false
  return url.hostname !== '' && url.username === '' && url.password === ''
}

const linkUrlRule = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && !isAllowedLink(value)) {
    field.report('Use an https://, http:// or mailto: address', 'branding.link_url', field)
  }
})

/** A link's label: at least one language given. */
const someLabelRule = vine.createRule((value, _options, field) => {
  const label = (value ?? {}) as Record<string, unknown>
  if (!Object.values(label).some((text) => typeof text === 'string' && text !== '')) {
    field.report('Give the link a label', 'branding.link_label', field)
  }
})

const translated = (max: number) => {
  const text = () => vine.string().trim().maxLength(max).optional()
  return vine.object({ en: text(), ru: text(), uk: text() })
}

export const brandingValidator = vine.compile(
  vine.object({
    name: translated(NAME_LENGTH_MAX),
    primaryColor: vine.string().trim().toLowerCase().use(primaryColorRule()).nullable(),
    footerLinks: vine
      .array(
        vine.object({
          label: translated(LINK_LABEL_LENGTH_MAX).use(someLabelRule()),
          url: vine.string().trim().maxLength(LINK_URL_LENGTH_MAX).use(linkUrlRule()),
        })
      )
      .maxLength(FOOTER_LINKS_MAX),
  })
)
export type BrandingInput = Infer<typeof brandingValidator>

export const logoValidator = vine.compile(
  vine.object({
    logo: vine.file({ size: LOGO_BYTES_MAX, extnames: LOGO_EXTNAMES }),
  })
)
