/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
| Registers the TypeScript loader so ace commands run straight from .ts
| sources, then hands over to bin/console.ts.
*/
import 'ts-node-maintained/register/esm'
await import('./bin/console.js')
