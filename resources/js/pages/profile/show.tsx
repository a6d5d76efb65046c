import '~/css/identity.css'
import type { FormEvent } from 'react'
import { Head, Link, useForm } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import { useDates } from '~/lib/dates'
import LoadingButton from '~/components/form/loading_button'
import SelectInput from '~/components/form/select_input'
import TextInput from '~/components/form/text_input'

interface Props {
  phone: string | null
  displayName: string | null
  /** A resident without a phone who asked for a code to link one: where it went (masked). */
  phoneCodeSentTo: string | null
  /** The deployment's OpenID Connect provider (null: none configured) and whether it is linked. */
  oidc: { name: string; linked: boolean } | null
  districtId: number | null
  districtSource: 'declared' | 'verified' | null
  districts: { id: number; label: string }[]
  consents: { version: string; acceptedAt: string }[]
  consentVersion: string
  next: string | null
  notices: boolean
  noticesEmail: string | null
}

/** The resident's profile: where they live, what they agreed to, their data, deleting the account. */
export default function Profile(props: Props) {
  const t = useT()
  const dates = useDates()
  const district = useForm({
    districtId: props.districtId === null ? '' : String(props.districtId),
  })
  const removal = useForm({ confirm: false })
  const notices = useForm({ notices: props.notices, noticesEmail: props.noticesEmail ?? '' })
  const saveNotices = (event: FormEvent) => {
    event.preventDefault()
    notices.transform((data) => ({
      notices: data.notices,
      noticesEmail: data.notices && data.noticesEmail ? data.noticesEmail : null,
    }))
    notices.put('/profile/notices', { preserveScroll: true })
  }
  const name = useForm({ displayName: props.displayName ?? '' })
  const saveName = (event: FormEvent) => {
    event.preventDefault()
    name.put('/profile/display-name', { preserveScroll: true })
  }
  const provider = useForm({})
  const phoneLink = useForm({ phone: '' })
  const phoneCode = useForm({ code: '' })
  const saveDistrict = (event: FormEvent) => {
    event.preventDefault()
    district.transform((data) => ({
      districtId: data.districtId === '' ? null : Number(data.districtId),
      ...(props.next ? { next: props.next } : {}),
    }))
    district.put('/profile/district', { preserveScroll: true })
  }
  const deleteAccount = (event: FormEvent) => {
    event.preventDefault()
    removal.delete('/profile', { preserveScroll: true })
  }
  return (
    <div className="narrow-text profile">
      <Head title={t('ui.identity.profile.title')} />
      <h1>{t('ui.identity.profile.title')}</h1>

      <section className="card" aria-labelledby="identities-heading">
        <h2 id="identities-heading">{t('ui.identity.profile.identities')}</h2>
        <h3>{t('ui.identity.profile.phone')}</h3>
        <p>{props.phone ?? t('ui.identity.profile.phone_none')}</p>
        {props.phone !== null && <p className="hint">{t('ui.identity.profile.phone_hint')}</p>}
        {props.phone === null && (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              phoneLink.post('/profile/phone', { preserveScroll: true })
            }}
          >
            <TextInput
              label={t('ui.identity.profile.phone_link_label')}
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={phoneLink.data.phone}
              error={phoneLink.errors.phone}
              onChange={(event) => phoneLink.setData('phone', event.target.value)}
            />
            <LoadingButton loading={phoneLink.processing}>
              {t('ui.identity.profile.phone_link_submit')}
            </LoadingButton>
          </form>
        )}
        {props.phone === null && props.phoneCodeSentTo && (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              phoneCode.post('/profile/phone/verify', { preserveScroll: true })
            }}
          >
            <TextInput
              label={t('ui.identity.profile.phone_code_label', { phone: props.phoneCodeSentTo })}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={phoneCode.data.code}
              error={phoneCode.errors.code}
              onChange={(event) => phoneCode.setData('code', event.target.value)}
            />
            <LoadingButton loading={phoneCode.processing}>
              {t('ui.identity.profile.phone_code_submit')}
            </LoadingButton>
          </form>
        )}
        {props.oidc && (
          <div data-testid="oidc-identity">
            <h3>{props.oidc.name}</h3>
            <p>
              {t(`ui.identity.profile.${props.oidc.linked ? 'oidc_linked' : 'oidc_not_linked'}`, {
                name: props.oidc.name,
              })}
            </p>
            <p className="hint">{t('ui.identity.profile.oidc_hint', { name: props.oidc.name })}</p>
            {props.oidc.linked ? (
              // Unlinking is refused (with a message) while it is the only way in.
              <LoadingButton
                loading={provider.processing}
                className="button secondary"
                onClick={() => provider.delete('/profile/oidc', { preserveScroll: true })}
                type="button"
              >
                {t('ui.identity.profile.oidc_unlink', { name: props.oidc.name })}
              </LoadingButton>
            ) : (
              <LoadingButton
                loading={provider.processing}
                onClick={() => provider.post('/profile/oidc')}
                type="button"
              >
                {t('ui.identity.profile.oidc_link', { name: props.oidc.name })}
              </LoadingButton>
            )}
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="name-heading">
        <h2 id="name-heading">{t('ui.identity.profile.display_name')}</h2>
        <form onSubmit={saveName} noValidate>
          <TextInput
            id="displayName"
            label={t('ui.identity.profile.display_name_label')}
            hint={t('ui.identity.profile.display_name_hint')}
            value={name.data.displayName}
            error={name.errors.displayName}
            autoComplete="nickname"
            onChange={(event) => name.setData('displayName', event.target.value)}
          />
          <LoadingButton loading={name.processing}>
            {t('ui.identity.profile.save_display_name')}
          </LoadingButton>
        </form>
      </section>

      <section className="card" aria-labelledby="district-heading">
        <h2 id="district-heading">{t('ui.identity.profile.district')}</h2>
        {props.districtSource && (
          <p data-testid="district-source">
            {t(`ui.identity.profile.source_${props.districtSource}`)}
          </p>
        )}
        <form onSubmit={saveDistrict} noValidate>
          <SelectInput
            id="districtId"
            label={t('ui.identity.profile.district_label')}
            value={district.data.districtId}
            error={district.errors.districtId}
            onChange={(event) => district.setData('districtId', event.target.value)}
            options={[
              { value: '', label: t('ui.identity.profile.district_none') },
              ...props.districts.map((choice) => ({ value: choice.id, label: choice.label })),
            ]}
          />
          <p className="hint">{t('ui.identity.profile.district_hint')}</p>
          <LoadingButton loading={district.processing}>
            {t('ui.identity.profile.save_district')}
          </LoadingButton>
        </form>
      </section>

      <section className="card" aria-labelledby="notices-heading">
        <h2 id="notices-heading">{t('ui.identity.profile.notices')}</h2>
        <form onSubmit={saveNotices} noValidate>
          <div className="check">
            <input
              id="notices"
              type="checkbox"
              checked={notices.data.notices}
              aria-describedby="notices-hint"
              onChange={(event) => notices.setData('notices', event.target.checked)}
            />
            <label htmlFor="notices">{t('ui.identity.profile.notices_label')}</label>
          </div>
          <p id="notices-hint" className="hint">
            {t('ui.identity.profile.notices_hint')}
          </p>
          {notices.data.notices && (
            <TextInput
              id="noticesEmail"
              type="email"
              autoComplete="email"
              label={t('ui.identity.profile.notices_email_label')}
              value={notices.data.noticesEmail}
              error={notices.errors.noticesEmail}
              onChange={(event) => notices.setData('noticesEmail', event.target.value)}
            />
          )}
          <LoadingButton loading={notices.processing}>
            {t('ui.identity.profile.save_notices')}
          </LoadingButton>
        </form>
      </section>

      <section className="card" aria-labelledby="consents-heading">
        <h2 id="consents-heading">{t('ui.identity.profile.consents')}</h2>
        <ul>
          {props.consents.map((consent) => (
            <li key={`${consent.version}-${consent.acceptedAt}`}>
              {t('ui.identity.profile.consent_item', {
                version: consent.version,
                date: dates.day(consent.acceptedAt),
              })}
            </li>
          ))}
        </ul>
        <p>
          <Link href="/privacy">{t('ui.identity.profile.privacy_link')}</Link>
        </p>
        <p className="hint">{t('ui.identity.profile.withdraw_hint')}</p>
      </section>

      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">{t('ui.identity.profile.my_data')}</h2>
        <p>{t('ui.identity.profile.my_data_hint')}</p>
        <a className="button" href="/profile/data.json" download>
          {t('ui.identity.profile.download')}
        </a>
      </section>

      <section className="card" aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t('ui.identity.profile.delete')}</h2>
        <p>{t('ui.identity.profile.delete_erased')}</p>
        <p>{t('ui.identity.profile.delete_kept')}</p>
        <form onSubmit={deleteAccount} noValidate>
          <div className="check">
            <input
              id="confirm"
              type="checkbox"
              checked={removal.data.confirm}
              aria-invalid={removal.errors.confirm ? true : undefined}
              aria-describedby={removal.errors.confirm ? 'confirm-error' : undefined}
              onChange={(event) => removal.setData('confirm', event.target.checked)}
            />
            <label htmlFor="confirm">{t('ui.identity.profile.delete_confirm')}</label>
          </div>
          {removal.errors.confirm && (
            <p id="confirm-error" className="field-error" role="alert">
              {removal.errors.confirm}
            </p>
          )}
          <LoadingButton loading={removal.processing} className="button danger">
            {t('ui.identity.profile.delete_submit')}
          </LoadingButton>
        </form>
      </section>
    </div>
  )
}
