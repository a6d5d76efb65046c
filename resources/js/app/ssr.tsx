import ReactDOMServer from 'react-dom/server'
import { createInertiaApp } from '@inertiajs/react'
import { withDefaultLayout } from '~/layouts/default_layout'

/** Server-side render of the first page load (Inertia SSR). */
export default function render(page: any) {
  return createInertiaApp({
    page,
    render: ReactDOMServer.renderToString,
    resolve: (name) => {
      const pages = import.meta.glob('../pages/**/*.tsx', { eager: true })
      return withDefaultLayout(name, pages[`../pages/${name}.tsx`])
    },
    setup: ({ App, props }) => <App {...props} />,
  })
}
