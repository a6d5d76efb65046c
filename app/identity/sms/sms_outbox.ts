/**
 * Messages "sent" by the log driver, kept in memory for development and test
 * scripts (served at GET /dev/sms/outbox, never in production). Bounded: the
 * oldest messages are dropped beyond `capacity`.
 */
export interface OutboxMessage {
  to: string
  text: string
  code: string | null
  sentAt: string
}

export class SmsOutbox {
  #messages: OutboxMessage[] = []

  constructor(readonly capacity = 1000) {}

  record(to: string, text: string, now = new Date()) {
    const code = /\b(\d{4,8})\b/.exec(text)?.[1] ?? null
    this.#messages.push({ to, text, code, sentAt: now.toISOString() })
    if (this.#messages.length > this.capacity) {
      this.#messages.splice(0, this.#messages.length - this.capacity)
    }
  }

  /** Messages to one number, newest first. */
  for(to: string): OutboxMessage[] {
    return this.#messages.filter((message) => message.to === to).reverse()
  }

  clear() {
    this.#messages = []
  }
}

/** The process-wide outbox of the log driver. */
export const smsOutbox = new SmsOutbox()

/** Whether the dev outbox route exists: development and test only, never production or anything unknown. */
export function devOutboxEnabled(nodeEnvironment: string): boolean {
  return nodeEnvironment === 'development' || nodeEnvironment === 'test'
}
