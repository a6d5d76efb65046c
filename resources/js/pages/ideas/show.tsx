import { Head, Link, router, usePage } from '@inertiajs/react'
import type { SharedProps } from '~/lib/shared_props'
import { useT } from '~/lib/i18n'
import StatusBadge from '~/components/proposals/status_badge'
import { useMoney } from '~/components/proposals/use_money'
import type { IdeaDetail, ResidentCampaign } from '~/components/proposals/types'
import AuthorLine from '~/components/ideas/author_line'
import SupportProgress from '~/components/ideas/support_progress'
import FollowButton from '~/components/ideas/follow_button'
import Discussion from '~/components/ideas/comments/discussion'
import type { DiscussionView } from '~/components/ideas/types'
import PhotoGallery from '~/components/ideas/photos/photo_gallery'
import IdeaPlace from '~/components/ideas/map/idea_place'
import type { MapSettings } from '~/components/ideas/map/types'

interface Props {
  campaign: ResidentCampaign
  idea: IdeaDetail
  mergedInto: { id: number; title: string } | null
  isAuthor: boolean
  canEdit: boolean
  canSupport: boolean
  supported: boolean
  discussion: DiscussionView
  map: MapSettings | null
  comments: { id: number; body: string; createdAt: string }[]
  reviews: { feasibility: string; explanation: string | null; costEstimate: number | null }[]
}

/** Residents: one idea with its supports, attachments, public comments and review outcome. */
export default function IdeaShow({
  campaign,
  idea,
  mergedInto,
  isAuthor,
  canEdit,
  canSupport,
  supported,
  discussion,
  map,
  comments,
  reviews,
}: Props) {
  const t = useT()
  const { resident } = usePage<SharedProps>().props
  const money = useMoney(campaign.currency)
  const name = (list: { id: number; name: string }[], id: number | null) =>
    list.find((item) => item.id === id)?.name ?? '—'
  const toggleSupport = () =>
    supported
      ? router.delete(`/ideas/${idea.id}/support`, { preserveScroll: true })
      : router.post(`/ideas/${idea.id}/support`, {}, { preserveScroll: true })
  return (
    <>
      <Head title={idea.title} />
      <p>
        <Link href={`/campaigns/${campaign.slug}/ideas`}>
          {t('ui.proposals.show.back', { campaign: campaign.title })}
        </Link>
      </p>
      <h1>{idea.title}</h1>
      <AuthorLine name={discussion.authorName} day={idea.publishedAt} />
      <StatusBadge status={idea.status} />
      {isAuthor && idea.hiddenReason && (
        <p className="notice notice-error" role="status">
          {t('ui.proposals.show.hidden_reason', { reason: idea.hiddenReason })}
        </p>
      )}
      {idea.rejectionReason && (
        <p className="notice" role="status">
          {t('ui.proposals.show.rejection_reason', { reason: idea.rejectionReason })}
        </p>
      )}
      {mergedInto && (
        <p className="notice" role="status">
          {t('ui.proposals.show.merged_into')}{' '}
          <Link href={`/ideas/${mergedInto.id}`}>{mergedInto.title}</Link>
        </p>
      )}

      <section className="card" aria-labelledby="support-heading">
        <h2 id="support-heading">{t('ui.proposals.supports', { count: idea.supportCount })}</h2>
        <SupportProgress count={idea.supportCount} threshold={campaign.supportThreshold} />
        {canSupport &&
          (resident ? (
            <button
              type="button"
              className="button"
              onClick={toggleSupport}
              aria-pressed={supported}
            >
              {supported ? t('ui.proposals.show.withdraw') : t('ui.proposals.show.support')}
            </button>
          ) : (
            <Link href={`/sign-in?next=/ideas/${idea.id}`} className="button">
              {t('ui.proposals.show.sign_in')}
            </Link>
          ))}
        {canEdit && (
          <Link href={`/ideas/${idea.id}/edit`} className="button secondary">
            {t('ui.proposals.show.edit')}
          </Link>
        )}
        {discussion.canComment && !isAuthor && (
          <FollowButton ideaId={idea.id} following={discussion.following} />
        )}
      </section>

      <p style={{ whiteSpace: 'pre-line' }}>{idea.description}</p>
      <PhotoGallery title={idea.title} attachments={idea.attachments} />
      <dl>
        <dt>{t('ui.proposals.fields.category')}</dt>
        <dd>{name(campaign.categories, idea.categoryId)}</dd>
        <dt>{t('ui.proposals.fields.pot')}</dt>
        <dd>{name(campaign.pots, idea.potId)}</dd>
        <dt>{t('ui.proposals.fields.district')}</dt>
        <dd>{name(campaign.districts, idea.districtId)}</dd>
        {idea.location && (
          <>
            <dt>{t('ui.proposals.fields.location')}</dt>
            <dd>{idea.location}</dd>
          </>
        )}
        <dt>{t('ui.proposals.fields.estimated_cost')}</dt>
        <dd>{money(idea.estimatedCost)}</dd>
      </dl>
      <IdeaPlace
        settings={map}
        title={idea.title}
        latitude={idea.latitude}
        longitude={idea.longitude}
      />

      {idea.attachments.length > 0 && (
        <section aria-labelledby="files-heading">
          <h2 id="files-heading">{t('ui.proposals.show.attachments')}</h2>
          <ul>
            {idea.attachments.map((file) => (
              <li key={file.id}>
                <a href={file.url}>{file.name}</a>{' '}
                <span className="muted">
                  ({Math.ceil(file.size / 1024)} KB, SHA-256 {file.sha256.slice(0, 12)}…)
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {(reviews.length > 0 || comments.length > 0) && (
        <section aria-labelledby="review-heading">
          <h2 id="review-heading">{t('ui.proposals.show.review')}</h2>
          <ul>
            {reviews.map((review, index) => (
              <li key={index}>
                {t(`ui.proposals.feasibility.${review.feasibility}`)}
                {review.explanation && `: ${review.explanation}`}
                {review.costEstimate !== null && ` · ${money(review.costEstimate)}`}
              </li>
            ))}
            {comments.map((comment) => (
              <li key={`c${comment.id}`}>{comment.body}</li>
            ))}
          </ul>
        </section>
      )}

      <Discussion ideaId={idea.id} discussion={discussion} />
    </>
  )
}
