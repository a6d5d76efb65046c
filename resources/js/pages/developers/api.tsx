import '~/css/developers.css'
import { Head } from '@inertiajs/react'
import { useT } from '~/lib/i18n'

type Schema = Record<string, unknown>
interface Operation {
  'summary': string
  'description'?: string
  'tags': string[]
  'security'?: Record<string, string[]>[]
  'parameters'?: { name: string; in: string; description?: string; schema?: Schema }[]
  'requestBody'?: { content: { 'application/json': { schema: Schema } } }
  'responses': Record<
    string,
    { description: string; content?: { 'application/json': { schema: Schema } } }
  >
  'x-scope'?: string
}
interface Props {
  document: {
    info: { title: string; description: string }
    servers: { url: string }[]
    tags: { name: string; description: string }[]
    paths: Record<string, Record<string, Operation>>
    components: { schemas: Record<string, Schema> }
  }
}

function SchemaBlock({ schema }: { schema: Schema }) {
  return <pre className="api-schema">{JSON.stringify(schema, null, 2)}</pre>
}

/** The OpenAPI document as a page: operations grouped by tag, schemas at the end. No CDN, no JS renderer. */
export default function ApiReference({ document }: Props) {
  const t = useT()
  const base = document.servers[0]?.url ?? ''
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation }))
  )
  return (
    <article className="api-reference">
      <Head title={t('ui.developers.title')} />
      <h1>{t('ui.developers.title')}</h1>
      <p>{document.info.description}</p>
      <p>
        <a href="/api/openapi.json">{t('ui.developers.json_link')}</a>
      </p>
      <nav aria-label={t('ui.developers.sections')}>
        <ul>
          {document.tags.map((tag) => (
            <li key={tag.name}>
              <a href={`#tag-${tag.name}`}>{t(`ui.developers.tags.${tag.name}`)}</a>
            </li>
          ))}
          <li>
            <a href="#schemas">{t('ui.developers.schemas')}</a>
          </li>
        </ul>
      </nav>
      {document.tags.map((tag) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name}`}>
          <h2 id={`tag-${tag.name}`}>{t(`ui.developers.tags.${tag.name}`)}</h2>
          <p className="hint">{tag.description}</p>
          {operations
            .filter(({ operation }) => operation.tags.includes(tag.name))
            .map(({ path, method, operation }) => (
              <details key={`${method} ${path}`} className="api-operation">
                <summary>
                  <span className="api-method">{method}</span> <code>{base + path}</code> —{' '}
                  {operation.summary}
                </summary>
                {operation.description && <p>{operation.description}</p>}
                <p>
                  {t('ui.developers.auth')}:{' '}
                  {operation.security
                    ? operation.security.flatMap((entry) => Object.keys(entry)).join(', ')
                    : t('ui.developers.auth_none')}
                  {operation['x-scope'] && (
                    <>
                      {' '}
                      · {t('ui.developers.scope')}: <code>{operation['x-scope']}</code>
                    </>
                  )}
                </p>
                {operation.parameters && operation.parameters.length > 0 && (
                  <>
                    <h3>{t('ui.developers.parameters')}</h3>
                    <ul>
                      {operation.parameters.map((parameter) => (
                        <li key={parameter.name}>
                          <code>{parameter.name}</code> ({parameter.in})
                          {parameter.description ? ` — ${parameter.description}` : ''}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {operation.requestBody && (
                  <>
                    <h3>{t('ui.developers.request_body')}</h3>
                    <SchemaBlock
                      schema={operation.requestBody.content['application/json'].schema}
                    />
                  </>
                )}
                <h3>{t('ui.developers.responses')}</h3>
                <dl>
                  {Object.entries(operation.responses).map(([status, response]) => (
                    <div key={status}>
                      <dt>
                        <strong>{status}</strong> {response.description}
                      </dt>
                      {response.content && (
                        <dd>
                          <SchemaBlock schema={response.content['application/json'].schema} />
                        </dd>
                      )}
                    </div>
                  ))}
                </dl>
              </details>
            ))}
        </section>
      ))}
      <section aria-labelledby="schemas">
        <h2 id="schemas">{t('ui.developers.schemas')}</h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <details key={name} className="api-operation" id={`schema-${name}`}>
            <summary>
              <code>{name}</code>
            </summary>
            <SchemaBlock schema={schema} />
          </details>
        ))}
      </section>
    </article>
  )
}
