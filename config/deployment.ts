/*
| The city's deployment settings (issue #17), from the environment (validated in start/env.ts):
| - timeZone: staff enter dates and times in it and every page shows them in it; storage stays
|   UTC (app/shared/city_time.ts, resources/js/lib/dates.ts).
| - contentLanguages: the languages titles and names must be written in; the first is the
|   primary one, shown when the reader's language has no text (app/campaigns/translations.ts).
| Tests may change them for their duration (and restore them).
*/
import env from '#start/env'
import type { ContentLocale } from '#start/deployment_env'

const deploymentConfig: { timeZone: string; contentLanguages: ContentLocale[] } = {
  timeZone: env.get('CITY_TIME_ZONE'),
  contentLanguages: env.get('CONTENT_LANGUAGES'),
}

export default deploymentConfig
