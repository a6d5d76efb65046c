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
import { pageTitle } from '~/lib/branding'
import type { Branding } from '~/lib/shared_props'

// The city's name for <title>, from the first page (it changes only when an admin saves it).
let branding: Branding | undefined

createInertiaApp({
  progress: false,
  title: (title) => pageTitle(title, branding),
  resolve: async (name) => {
    const page = await resolvePageComponent(
      `../pages/${name}.tsx`,
      import.meta.glob('../pages/**/*.tsx')
    )
    return withDefaultLayout(name, page)
  },
  setup({ el, App, props }) {
    const shared = props.initialPage.props as {
      messages?: Record<string, string>
      branding?: Branding
    }
    branding = shared.branding
    showBodyRefusalsTranslated(shared.messages ?? {})
    showNavigationProgress()
    hydrateRoot(el, <App {...props} />)
  },
})
