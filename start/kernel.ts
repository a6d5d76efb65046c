/*
| HTTP middleware. Server middleware runs for every request (static files
| included); router middleware only for matched routes.
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  // Before static files, so they are compressed too.
  () => import('#middleware/compression_middleware'),
  // Repeated anonymous reads of the public results: the kept answer of the same results version.
  () => import('#middleware/results_replay_middleware'),
  () => import('@adonisjs/static/static_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
  // GET /check and the ballot routes without the visitor's identity; before anything parses the
  // Cookie header (the request parses it once and keeps what it read).
  () => import('#middleware/identityless_middleware'),
  // Answers any cache may keep (Cache-Control: public) leave without cookies.
  () => import('#middleware/public_cache_middleware'),
  // Locale and Inertia run for unmatched routes too, so 404 pages are localized pages.
  () => import('#middleware/detect_user_locale_middleware'),
  // /api writes: JSON bodies only, nothing from other sites (they carry no CSRF token).
  () => import('#middleware/api_json_only_middleware'),
  // Ballot routes: no cookies in or out, small body cap (app/voting/README.md "Ballot intake").
  () => import('#middleware/anonymous_ballot_middleware'),
  () => import('#middleware/inertia_middleware'),
])

router.use([
  // Public JSON API GETs readable from any site (no credentials); nothing else.
  () => import('#middleware/public_api_cors_middleware'),
  () => import('@adonisjs/core/bodyparser_middleware'),
  // Session and shield, but no session and no CSRF guard on the cookieless ballot routes and on
  // API reads (no cookie, no session row per read).
  () => import('#middleware/session_middleware'),
  // Multipart only on upload routes, read by their controllers after authorization.
  () => import('#middleware/upload_gate_middleware'),
  () => import('#middleware/shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
])

export const middleware = router.named({
  residentAuth: () => import('#middleware/resident_auth_middleware'),
  staffAuth: () => import('#middleware/staff_auth_middleware'),
  apiAuth: () => import('#middleware/api_auth_middleware'),
  staffApi: () => import('#middleware/staff_api_auth_middleware'),
  guest: () => import('#middleware/guest_middleware'),
})
