import identityConfig from '#config/identity'
import { examplePhone } from '#identity/phone'
import type { OidcPerson } from '#identity/oidc/oidc_claims'
import { oidcSettings } from '#identity/oidc/oidc_settings'

/*
| What the sign-in pages share: the consent step's session state (after an SMS code or an OpenID
| Connect callback) and the sign-in page's props.
*/
export const CONSENT_KEY = 'identity.consent'

/** A verified person waiting for the notice: by phone (SMS) or by the provider's claims. */
export interface ConsentState {
  phone?: string
  oidc?: OidcPerson
  next: string
  verifiedAt: number
}

/** The phone form, and the provider's button when one is configured. */
export function signInPageProps(next: string, phone = '', notice: string | null = null) {
  const settings = oidcSettings()
  return {
    next,
    phone,
    phoneExample: examplePhone(identityConfig.defaultPhoneRegion),
    oidc: settings ? { name: settings.displayName } : null,
    notice,
  }
}
