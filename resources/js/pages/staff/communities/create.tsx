import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import CommunityForm from '~/components/staff/community_form'

interface Props {
  kinds: string[]
  parents: { id: number; label: string }[]
  canCreateRoot: boolean
  defaults: { parentId: number | null }
}

export default function CommunityCreate({ kinds, parents, canCreateRoot, defaults }: Props) {
  const t = useT()
  return (
    <div className="narrow">
      <Head title={t('ui.communities.create')} />
      <p>
        <Link href="/staff/communities">← {t('ui.communities.title')}</Link>
      </p>
      <h1>{t('ui.communities.create')}</h1>
      <CommunityForm
        initial={{
          code: '',
          name: '',
          kind: defaults.parentId ? 'city' : 'region',
          parentId: defaults.parentId ?? (canCreateRoot ? null : (parents[0]?.id ?? null)),
          population: 0,
        }}
        kinds={kinds}
        parents={parents}
        canCreateRoot={canCreateRoot}
        submit={{ method: 'post', url: '/staff/communities', label: t('ui.communities.save') }}
      />
    </div>
  )
}
