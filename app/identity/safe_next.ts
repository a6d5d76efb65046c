/**
 * A `?next=` target we may redirect to after sign-in: a path on this site
 * ("/campaigns/7?tab=pots"), never another origin ("//evil.example",
 * "https://…", "/\evil.example", "javascript:…"). Anything else → fallback.
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback
  if (!value.startsWith('/') || value.startsWith('//')) return fallback
  // Backslashes and control characters are read as "/" or dropped by some browsers.
  if (
    value.includes('\\') ||
    [...value].some((char) => char.charCodeAt(0) < 0x20 || char === '\x7f')
  ) {
    return fallback
  }
  const base = 'http://civic-budget.invalid'
  let url: URL
  try {
    url = new URL(value, base)
  } catch {
    return fallback
  }
  if (url.origin !== base) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  // Checked again after normalisation: "/.//x" and "/a/..//x" become "//x", another host to a browser.
  if (path.startsWith('//')) return fallback
  // Never bounce back into the sign-in flow itself.
  if (/^\/(sign-in|sign-out)(\/|$|\?)/.test(path)) return fallback
  return path
}
