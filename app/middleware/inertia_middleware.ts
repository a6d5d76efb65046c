/*
| Inertia's own middleware (the shared props are declared in config/inertia.ts), plus: every
| page gets only the messages it uses. Shared props do not see which page renders, so the page's
| messages are shared when `render` is called, before Inertia resolves the props.
*/
import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import InertiaMiddleware from '@adonisjs/inertia/inertia_middleware'
import { pageMessages } from '#shared/shared_page_props'

@inject()
export default class PageInertiaMiddleware {
  constructor(private inertia: InertiaMiddleware) {}

  handle(ctx: HttpContext, next: NextFn) {
    return this.inertia.handle(ctx, () => {
      const inertia = ctx.inertia
      const render = inertia.render.bind(inertia)
      inertia.render = ((component: string, ...rest: unknown[]) => {
        inertia.share({ messages: pageMessages(ctx.i18n.locale, component) })
        return (render as (...args: unknown[]) => unknown)(component, ...rest)
      }) as typeof inertia.render
      return next()
    })
  }
}
