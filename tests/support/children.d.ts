import type { ChildProcess } from 'node:child_process'

export const OWNER_ENV: string
export const checkoutRoot: string
export function withOwner(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
export function track<T extends ChildProcess>(
  child: T,
  options?: { gentle?: boolean; group?: boolean }
): T
export function atExit(cleanup: () => void): void
export function stoppingOn(): NodeJS.Signals | null
