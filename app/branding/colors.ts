/*
| The primary colour's arithmetic (WCAG 2.x): buttons put white text on it and links use its
| darker shade on white, so a colour is accepted only with at least 4.5:1 contrast to white (AA
| for normal text). The darker shade (hover, links) only raises that contrast.
*/

/** WCAG AA for normal text. */
export const CONTRAST_MIN = 4.5

const HEX = /^#[0-9a-f]{6}$/

/** `#RRGGBB` lower-cased, or null when it is not a 6-digit hex colour. */
export function normalizeHex(value: string): string | null {
  const hex = value.trim().toLowerCase()
  return HEX.test(hex) ? hex : null
}

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as [
    number,
    number,
    number,
  ]
}

/** Relative luminance of an sRGB colour (0 black … 1 white). */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((channel) => {
    const c = channel / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** Contrast ratio of white text on `hex` (1 … 21). */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05)
}

/** The ratio as shown to people: rounded down to 2 decimals, so 4.496 is never shown as "4.5". */
export function shownRatio(ratio: number): string {
  return (Math.floor(ratio * 100) / 100).toFixed(2)
}

/** The colour mixed with `share` black (hover and link shade). */
export function darker(hex: string, share = 0.2): string {
  return `#${channels(hex)
    .map((channel) =>
      Math.round(channel * (1 - share))
        .toString(16)
        .padStart(2, '0')
    )
    .join('')}`
}
