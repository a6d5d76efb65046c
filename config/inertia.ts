import { defineConfig } from '@adonisjs/inertia'
import type { InferSharedProps } from '@adonisjs/inertia/types'
import { sharedPageProps } from '#shared/shared_page_props'
import { signedInPageProps } from '#identity/page_props'
import { brandingPageProps } from '#branding/page_props'

const inertiaConfig = defineConfig({
  rootView: 'inertia_layout',
  sharedData: { ...sharedPageProps, ...signedInPageProps, ...brandingPageProps },
  ssr: {
    enabled: true,
    entrypoint: 'resources/js/app/ssr.tsx',
  },
})

export default inertiaConfig

declare module '@adonisjs/inertia/types' {
  export interface SharedProps extends InferSharedProps<typeof inertiaConfig> {}
}
