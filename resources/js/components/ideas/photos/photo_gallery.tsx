import { useT } from '~/lib/i18n'
import type { Attachment } from '~/components/proposals/types'

interface Props {
  title: string
  attachments: Attachment[]
}

/** An idea's photos shown inline as thumbnails (made on the server), each opening the full photo. */
export default function PhotoGallery({ title, attachments }: Props) {
  const t = useT()
  const photos = attachments.filter((file) => file.thumbUrl !== null)
  if (photos.length === 0) return null
  return (
    <section aria-labelledby="photos-heading">
      <h2 id="photos-heading">{t('ui.idea_media.photos')}</h2>
      <ul className="photo-grid">
        {photos.map((photo, index) => (
          <li key={photo.id}>
            <a href={photo.url} aria-label={t('ui.idea_media.open_photo', { name: photo.name })}>
              <img
                src={photo.thumbUrl!}
                alt={t('ui.idea_media.photo_alt', { n: index + 1, title })}
                loading="lazy"
              />
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
