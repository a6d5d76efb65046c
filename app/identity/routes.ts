import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { devOutboxEnabled } from '#identity/sms/sms_outbox'
import { oidcSettings } from '#identity/oidc/oidc_settings'

// A half-configured OpenID Connect provider stops the server at boot, not at the first sign-in.
oidcSettings()

const LocaleController = () => import('#identity/controllers/locale_controller')
const SignInController = () => import('#identity/controllers/sign_in_controller')
const ApiAuthController = () => import('#identity/controllers/api_auth_controller')
const LegalController = () => import('#identity/controllers/legal_controller')
const ProfileController = () => import('#identity/controllers/profile_controller')
const ProfilePhoneController = () => import('#identity/controllers/profile_phone_controller')
const OidcController = () => import('#identity/controllers/oidc_controller')
const DevSmsOutboxController = () => import('#identity/controllers/dev_sms_outbox_controller')

router.get('/locale/:code', [LocaleController, 'update']).as('locale.update')

/* Resident sign-in pages: phone → SMS code → consent (first time / new notice version). */
router
  .group(() => {
    router.get('/sign-in', [SignInController, 'show']).as('sign_in.show')
    router.post('/sign-in', [SignInController, 'requestCode']).as('sign_in.request_code')
    router.get('/sign-in/code', [SignInController, 'showCode']).as('sign_in.code')
    router.post('/sign-in/code', [SignInController, 'verifyCode']).as('sign_in.verify_code')
    router.post('/sign-in/code/resend', [SignInController, 'resend']).as('sign_in.resend')
    // A failed resend renders the code page at this URL; reloading it lands back on the code page.
    router.on('/sign-in/code/resend').redirectToPath('/sign-in/code')
    router.get('/sign-in/consent', [SignInController, 'showConsent']).as('sign_in.consent')
    router
      .post('/sign-in/consent', [SignInController, 'acceptConsent'])
      .as('sign_in.accept_consent')
    router.get('/sign-in/oidc', [OidcController, 'start']).as('sign_in.oidc')
  })
  .use(middleware.guest({ guard: 'resident' }))

/*
| OpenID Connect (app/identity/oidc): the provider sends both a signing-in guest and a resident
| linking their account back here; the session's pending state says which it was (404 when no
| provider is configured).
*/
router.get('/sign-in/oidc/callback', [OidcController, 'callback']).as('sign_in.oidc_callback')

router
  .post('/sign-out', [SignInController, 'signOut'])
  .as('sign_out')
  .use(middleware.residentAuth())

/* The resident's own profile: district, consents, download my data, delete my account. */
router
  .group(() => {
    router.get('/profile', [ProfileController, 'show']).as('profile.show')
    router.put('/profile/district', [ProfileController, 'updateDistrict']).as('profile.district')
    router.put('/profile/notices', [ProfileController, 'updateNotices']).as('profile.notices')
    router
      .put('/profile/display-name', [ProfileController, 'updateDisplayName'])
      .as('profile.display_name')
    router.get('/profile/data.json', [ProfileController, 'data']).as('profile.data')
    router.delete('/profile', [ProfileController, 'destroy']).as('profile.destroy')
    router.post('/profile/phone', [ProfilePhoneController, 'requestCode']).as('profile.phone')
    router
      .post('/profile/phone/verify', [ProfilePhoneController, 'verify'])
      .as('profile.phone_verify')
    router.post('/profile/oidc', [OidcController, 'link']).as('profile.oidc_link')
    router.delete('/profile/oidc', [OidcController, 'unlink']).as('profile.oidc_unlink')
  })
  .use(middleware.residentAuth())

router.get('/privacy', [LegalController, 'privacy']).as('legal.privacy')
router.get('/cookies', [LegalController, 'cookies']).as('legal.cookies')

/*
| JSON API (protocol.md). CSRF does not apply to /api (config/shield.ts).
| POST /auth/sms {phone} → 202 {requestId, expiresInSeconds, resendAfterSeconds} (same for any number).
| POST /auth/sms/verify {requestId, code, acceptConsent?, consentVersion?} → 200 {token, expiresAt}.
|   Consent: API clients show the notice themselves; protocol.md's {requestId, code} accepts the
|   current notice (CONSENT_VERSION). acceptConsent: false, or a stale consentVersion → 422
|   consent_required {consentVersion, privacyUrl}, code still usable. Details in ApiAuthController.
*/
router
  .group(() => {
    router.post('/auth/sms', [ApiAuthController, 'requestCode']).as('api.auth.sms')
    router.post('/auth/sms/verify', [ApiAuthController, 'verify']).as('api.auth.sms_verify')
    router.get('/me', [ApiAuthController, 'me']).as('api.me').use(middleware.apiAuth())
  })
  .prefix('/api/v1')

/* The log SMS driver's outbox: development and test only (404 in production: no route). */
if (devOutboxEnabled(app.nodeEnvironment)) {
  router.get('/dev/sms/outbox', [DevSmsOutboxController, 'index']).as('dev.sms_outbox')
}

await import('#identity/staff_routes')
