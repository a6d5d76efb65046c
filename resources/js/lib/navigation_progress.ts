import { router } from '@inertiajs/react'

/**
 * A thin bar at the top while an Inertia visit takes longer than 250 ms. Replaces Inertia's own
 * (NProgress markup with `role="bar"`, an invalid ARIA role that axe reports as critical); it is
 * decoration only (`aria-hidden`): the new page's title and focus tell assistive technology.
 */
export function showNavigationProgress() {
  const bar = document.createElement('div')
  bar.className = 'navigation-progress'
  bar.setAttribute('aria-hidden', 'true')
  let timer: ReturnType<typeof setTimeout> | undefined
  router.on('start', () => {
    clearTimeout(timer)
    timer = setTimeout(() => document.body.append(bar), 250)
  })
  router.on('finish', () => {
    clearTimeout(timer)
    bar.remove()
  })
}
