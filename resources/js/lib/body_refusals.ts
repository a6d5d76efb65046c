import { router } from '@inertiajs/react'

/**
 * A body refused with 413 or 415 by something that does not answer as Inertia (nginx's
 * "request entity too large" page, a proxy): Inertia would show that raw page, in English, in a
 * white modal. Show the translated message instead, in the language of the page on screen.
 */
export function showBodyRefusalsTranslated(initialMessages: Record<string, string>) {
  let messages = initialMessages
  router.on('navigate', (event) => {
    const props = event.detail.page.props as { messages?: Record<string, string> }
    messages = props.messages ?? messages
  })
  router.on('invalid', (event) => {
    const status = event.detail.response.status
    if (status !== 413 && status !== 415) return
    event.preventDefault()
    window.alert(messages[`ui.uploads.refused_${status}`] ?? `HTTP ${status}`)
  })
}
