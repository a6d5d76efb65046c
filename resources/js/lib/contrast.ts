/*
| The contrast of white text on a colour (WCAG 2.x), for the branding screen's preview. The
| server checks the same rule on save (app/branding/colors.ts).
*/
export const CONTRAST_MIN = 4.5

/** The ratio for `#rrggbb`, or null when the text is not such a colour. */
export function contrastWithWhite(hex: string): number | null {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return null
  const [r, g, b] = [1, 3, 5].map((at) => {
    const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)
}

/** Rounded down, so 4.496 never reads as "4.50". */
export function shownRatio(ratio: number): string {
  return (Math.floor(ratio * 100) / 100).toFixed(2)
}
