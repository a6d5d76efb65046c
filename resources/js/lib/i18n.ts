import { usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'

export type Translate = (key: string, values?: Record<string, string | number>) => string

/** Replaces `{name}` placeholders; messages shared with pages avoid ICU plural syntax. */
export function format(message: string, values: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole
  )
}

/** `t('ui.home.title')` with the current locale's messages (shared props). */
export function useT(): Translate {
  const { messages } = usePage<SharedProps>().props
  return (key, values) => format(messages[key] ?? key, values)
}
