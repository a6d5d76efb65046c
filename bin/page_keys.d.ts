export const ROOT: string
export const OUTPUT: string
export function keysIn(files: Iterable<string>): Set<string>
export function pageUsage(): Record<string, { files: string[]; keys: string[] }>
export function renderPageKeys(): string
