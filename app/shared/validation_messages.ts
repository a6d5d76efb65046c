import type { I18n } from '@adonisjs/i18n'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'

/**
 * Validation messages from `resources/lang/<locale>/validator.json`, whose
 * layout is `{"shared": {"<rule>": "…", "<field>.<rule>": "…", "fields": {…}}}`.
 * (The stock i18n provider only reads `shared.messages.<rule>`, so with this
 * layout every message fell back to English.) Both layouts are read: a
 * field-specific message first, then the rule's message, then Vine's default.
 */
export class SharedValidationMessages implements MessagesProviderContact {
  constructor(
    protected i18n: I18n,
    protected prefix = 'validator.shared'
  ) {}

  protected lookup(keys: string[]): string | null {
    for (const key of keys) {
      const found = this.i18n.resolveIdentifier(key)
      if (found) return found.message
    }
    return null
  }

  getMessage(
    defaultMessage: string,
    rule: string,
    field: FieldContext,
    meta?: Record<string, any>
  ): string {
    const { prefix } = this
    const fieldLabel = this.lookup([`${prefix}.fields.${field.name}`])
    const values: Record<string, any> = {
      field: fieldLabel ? this.i18n.formatRawMessage(fieldLabel) : field.name,
      ...meta,
    }
    const message = this.lookup([
      `${prefix}.messages.${field.wildCardPath}.${rule}`,
      `${prefix}.${field.wildCardPath}.${rule}`,
      `${prefix}.messages.${rule}`,
      `${prefix}.${rule}`,
    ])
    if (message) return this.i18n.formatRawMessage(message, values)
    return defaultMessage.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole
    )
  }
}
