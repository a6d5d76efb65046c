import '../css/app.css'
import '../css/implementation.css'
import '../css/reporting.css'
import '../css/voting.css'
import '../css/idea_media.css'
import { hydrateRoot } from 'react-dom/client'
import { createInertiaApp } from '@inertiajs/react'
import { resolvePageComponent } from '@adonisjs/inertia/helpers'
import { withDefaultLayout } from '~/layouts/default_layout'
import { showBodyRefusalsTranslated } from '~/lib/body_refusals'
import { showNavigationProgress } from '~/lib/navigation_progress'

createInertiaApp({
  progress: false,
  title: (title) => (title ? `${title} · Civic Budget` : 'Civic Budget'),
  resolve: async (name) => {
    const page = await resolvePageComponent(
      `../pages/${name}.tsx`,
      import.meta.glob('../pages/**/*.tsx')
    )
    return withDefaultLayout(name, page)
  },
  setup({ el, App, props }) {
    const shared = props.initialPage.props as { messages?: Record<string, string> }
    showBodyRefusalsTranslated(shared.messages ?? {})
    showNavigationProgress()
    hydrateRoot(el, <App {...props} />)
  },
})
