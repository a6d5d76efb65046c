/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
| Registers the TypeScript loader so ace commands run straight from .ts
| sources, then hands over to bin/console.ts.
*/
import 'ts-node-maintained/register/esm'
import { ensureEnvFile } from './bin/env_file.js'

// A fresh clone has no .env yet: `node ace outcome:compute …` must work before `npm start`.
if (!process.env.NODE_ENV && ensureEnvFile()) console.error('created .env with a fresh APP_KEY')
await import('./bin/console.js')
