import type { HttpContext } from '@adonisjs/core/http'
import encryption from '@adonisjs/core/services/encryption'
import StaffUser from '#identity/models/staff_user'
import { twoFactorCodeValidator } from '#identity/validators/staff_validators'
import { audit } from '#shared/audit'
import { fieldError } from '#shared/field_error'
import { throttledCodeCheck } from '#identity/staff/code_throttle'
import { completeStaffSignIn, pendingSignIn } from '#identity/staff/staff_sign_in'
import {
  enableTwoFactor,
  hasTwoFactor,
  newTotpSecret,
  requiresTwoFactor,
  totpUri,
  useRecoveryCode,
  verifyTotp,
} from '#identity/staff/two_factor'

/** The secret being enrolled, kept (encrypted) in the session until a code confirms it. */
const SETUP_KEY = 'staff_totp_setup'
const RECOVERY_CODES_FLASH = 'recoveryCodes'

async function activeMember(id: number | null) {
  const member = id === null ? null : await StaffUser.find(id)
  return member?.active ? member : null
}

/**
 * Staff second factor: the code step of sign-in (/staff/login/code) and enrolment
 * (/staff/two-factor) — for a signed-in member who turns it on, or for an admin who passed the
 * password step and must enrol before getting a session.
 */
export default class StaffTwoFactorController {
  async challenge(ctx: HttpContext) {
    if (!(await activeMember(pendingSignIn(ctx, 'code'))))
      return ctx.response.redirect('/staff/login')
    return ctx.inertia.render('staff/auth/code', {})
  }

  async verify(ctx: HttpContext) {
    const { request, response, i18n } = ctx
    const member = await activeMember(pendingSignIn(ctx, 'code'))
    if (!member) return response.redirect('/staff/login')
    const { code } = await request.validateUsing(twoFactorCodeValidator)
    const isAppCode = /^\d{6}$/.test(code.replaceAll(/\s/g, ''))
    const outcome = await throttledCodeCheck(member.id, request.ip(), () =>
      isAppCode ? verifyTotp(member, code) : useRecoveryCode(member, code)
    )
    if (outcome instanceof Error) {
      await audit.record(
        ctx,
        'staff.login_blocked',
        { type: 'staff_user', id: member.id },
        {
          step: 'code',
        }
      )
      throw outcome
    }
    if (!outcome) {
      await audit.record(
        { type: 'anonymous', id: null, ip: request.ip() },
        'staff.login_failed',
        { type: 'staff_user', id: member.id },
        { reason: 'code' }
      )
      fieldError('code', i18n.t('staff.two_factor.invalid_code'))
    }
    await completeStaffSignIn(ctx, member, isAppCode ? 'totp' : 'recovery_code')
    return response.redirect('/staff')
  }

  /** The enrolment page: a fresh secret as an otpauth:// link and as text to type in. */
  async setup(ctx: HttpContext) {
    const subject = await this.subject(ctx)
    if (!subject) return ctx.response.redirect('/staff/login')
    const { member, pending } = subject
    if (hasTwoFactor(member)) return ctx.inertia.render('staff/auth/two_factor', { enabled: true })
    const stored = ctx.session.get(SETUP_KEY) as string | undefined
    let secret = stored ? encryption.decrypt<string>(stored) : null
    if (!secret) {
      secret = newTotpSecret()
      ctx.session.put(SETUP_KEY, encryption.encrypt(secret))
    }
    return ctx.inertia.render('staff/auth/two_factor', {
      enabled: false,
      required: pending || (await requiresTwoFactor(member)),
      secret,
      uri: totpUri(member.email, secret),
    })
  }

  async enable(ctx: HttpContext) {
    const { request, response, session, i18n } = ctx
    const subject = await this.subject(ctx)
    if (!subject) return response.redirect('/staff/login')
    const { member, pending } = subject
    if (hasTwoFactor(member)) return response.redirect('/staff/two-factor')
    const stored = session.get(SETUP_KEY) as string | undefined
    const secret = stored ? encryption.decrypt<string>(stored) : null
    const { code } = await request.validateUsing(twoFactorCodeValidator)
    const outcome = secret
      ? await throttledCodeCheck(member.id, request.ip(), async () => {
          const codes = await enableTwoFactor(member, secret, code)
          if (codes) session.flash(RECOVERY_CODES_FLASH, codes)
          return codes !== null
        })
      : false
    if (outcome instanceof Error) throw outcome
    if (!outcome) {
      fieldError('code', i18n.t('staff.two_factor.invalid_code'))
    }
    session.forget(SETUP_KEY)
    await audit.record(
      pending ? { type: 'staff', id: member.id, ip: request.ip() } : ctx,
      'staff.two_factor_enabled',
      { type: 'staff_user', id: member.id }
    )
    if (pending) await completeStaffSignIn(ctx, member, 'password+enrolment')
    return response.redirect('/staff/two-factor/recovery-codes')
  }

  /** The ten recovery codes, once, right after enrolment. */
  async recoveryCodes(ctx: HttpContext) {
    const codes = ctx.session.flashMessages.get(RECOVERY_CODES_FLASH) as string[] | undefined
    if (!codes) return ctx.response.redirect('/staff')
    return ctx.inertia.render('staff/auth/recovery_codes', { codes })
  }

  /** The signed-in member, or the admin who passed the password step and must enrol. */
  private async subject(ctx: HttpContext) {
    const guard = ctx.auth.use('staff')
    if (await guard.check()) {
      const member = guard.user as StaffUser
      return member.active ? { member, pending: false } : null
    }
    const member = await activeMember(pendingSignIn(ctx, 'enrol'))
    return member ? { member, pending: true } : null
  }
}
