/*
| Inertia's own middleware (the shared props are declared in config/inertia.ts).
*/
export { default } from '@adonisjs/inertia/inertia_middleware'
