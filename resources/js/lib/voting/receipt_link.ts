/** `/check?r=<base64url of the receipt JSON>` (receipts are ASCII JSON: base64 + hex + numbers). */
export function checkLink(receipt: unknown): string {
  const encoded = btoa(JSON.stringify(receipt))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
  return `/check?r=${encoded}`
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

export function receiptDownloadHref(receipt: unknown): string {
  return `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(receipt, null, 2))}`
}
