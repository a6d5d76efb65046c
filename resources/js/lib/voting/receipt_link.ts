/*
| Check links carry the receipt in the URL fragment: `/check#r=<base64url of the receipt JSON>`
| (receipts are ASCII JSON: base64 + hex + numbers). A fragment never leaves the browser — not to
| the app, not into proxy access logs — and the check page reads it itself.
*/
export function checkLink(receipt: unknown): string {
  const encoded = btoa(JSON.stringify(receipt))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
  return `/check#r=${encoded}`
}

/** The inverse; null when `value` is not a base64url JSON object. */
export function receiptFromParam(value: string): unknown {
  try {
    const base64 = value.replace(/-/g, '+').replace(/_/g, '/')
    return JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')))
  } catch {
    return null
  }
}

/**
 * The `r` value of a check link at `location`: the fragment's (`#r=…`), else an old link's query
 * (`?r=…`, before check links used the fragment) — then `legacy` is true and the page moves it
 * into the fragment.
 */
export function receiptParamOf(location: {
  hash: string
  search: string
}): { param: string; legacy: boolean } | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('r')
  if (fromHash) return { param: fromHash, legacy: false }
  const fromQuery = new URLSearchParams(location.search).get('r')
  return fromQuery ? { param: fromQuery, legacy: true } : null
}

export function receiptDownloadHref(receipt: unknown): string {
  return `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(receipt, null, 2))}`
}
