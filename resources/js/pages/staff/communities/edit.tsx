import { Head, Link } from '@inertiajs/react'
import { useT } from '~/lib/i18n'
import CommunityForm from '~/components/staff/community_form'

interface Props {
  community: {
    id: number
    code: string
    name: string
    kind: string
    parentId: number | null
    population: number
  }
  kinds: string[]
  parents: { id: number; label: string }[]
  canCreateRoot: boolean
}

export default function CommunityEdit({ community, kinds, parents, canCreateRoot }: Props) {
  const t = useT()
  return (
    <div className="narrow">
      <Head title={community.name} />
      <p>
        <Link href="/staff/communities">← {t('ui.communities.title')}</Link>
      </p>
      <h1>{t('ui.communities.edit_title', { name: community.name })}</h1>
      <CommunityForm
        initial={{
          code: community.code,
          name: community.name,
          kind: community.kind,
          parentId: community.parentId,
          population: community.population,
        }}
        kinds={kinds}
        parents={parents}
        canCreateRoot={canCreateRoot}
        submit={{
          method: 'put',
          url: `/staff/communities/${community.id}`,
          label: t('ui.communities.save'),
        }}
      />
    </div>
  )
}
