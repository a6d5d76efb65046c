import ReactDOMServer from 'react-dom/server'
import { createInertiaApp } from '@inertiajs/react'
import { withDefaultLayout } from '~/layouts/default_layout'
import { pageTitle } from '~/lib/branding'
import type { Branding } from '~/lib/shared_props'

/** Server-side render of the first page load (Inertia SSR). */
export default function render(page: any) {
  return createInertiaApp({
    page,
    render: ReactDOMServer.renderToString,
    title: (title) => pageTitle(title, (page.props as { branding?: Branding }).branding),
    resolve: (name) => {
      const pages = import.meta.glob('../pages/**/*.tsx', { eager: true })
      return withDefaultLayout(name, pages[`../pages/${name}.tsx`])
    },
    setup: ({ App, props }) => <App {...props} />,
  })
}
