import { useMemo } from 'react'
import { useT } from '~/lib/i18n'
import TextInput from '~/components/form/text_input'
import LeafletMap from './leaflet_map'
import type { MapSettings } from './types'

interface Props {
  settings: MapSettings | null
  latitude: string
  longitude: string
  onChange: (latitude: string, longitude: string) => void
  errors: { latitude?: string; longitude?: string }
}

/**
 * The idea's place: two coordinate fields (the keyboard way, and the only one without a tile
 * server) and, with one, a map where a click sets both.
 */
export default function LocationPicker({ settings, latitude, longitude, onChange, errors }: Props) {
  const t = useT()
  const lat = Number(latitude)
  const lng = Number(longitude)
  const hasPoint =
    latitude.trim() !== '' &&
    longitude.trim() !== '' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng)
  const chosen = t('ui.idea_media.chosen_place')
  const markers = useMemo(
    () => (hasPoint ? [{ latitude: lat, longitude: lng, label: chosen }] : []),
    [hasPoint, lat, lng, chosen]
  )
  return (
    <fieldset className="location-picker">
      <legend>{t('ui.idea_media.place_legend')}</legend>
      <p className="hint">
        {t(settings ? 'ui.idea_media.place_hint_map' : 'ui.idea_media.place_hint')}
      </p>
      {settings && (
        <LeafletMap
          settings={settings}
          markers={markers}
          label={t('ui.idea_media.picker_label')}
          onPick={(pickedLat, pickedLng) => onChange(pickedLat.toFixed(6), pickedLng.toFixed(6))}
        />
      )}
      <div className="coordinate-fields">
        <TextInput
          label={t('ui.idea_media.latitude')}
          inputMode="decimal"
          value={latitude}
          onChange={(event) => onChange(event.target.value, longitude)}
          error={errors.latitude}
          maxLength={20}
        />
        <TextInput
          label={t('ui.idea_media.longitude')}
          inputMode="decimal"
          value={longitude}
          onChange={(event) => onChange(latitude, event.target.value)}
          error={errors.longitude}
          maxLength={20}
        />
      </div>
      {(latitude !== '' || longitude !== '') && (
        <button type="button" className="button secondary small" onClick={() => onChange('', '')}>
          {t('ui.idea_media.clear_place')}
        </button>
      )}
    </fieldset>
  )
}
