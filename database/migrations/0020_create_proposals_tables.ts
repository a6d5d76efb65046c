import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Proposals module: ideas (with full-text search), their attachments, supports,
 * moderation, expert review, projects on the ballot and residents' in-app notices.
 *
 * Search: `ideas.search_language` is a `regconfig` chosen from the author's locale
 * (en → english, ru → russian, uk → `cb_ukrainian`). PostgreSQL ships no Ukrainian
 * stemmer, so `cb_ukrainian` is a copy of `simple` (lower-cased words, no stemming);
 * the search service matches Ukrainian query words by prefix after stripping common
 * inflection endings (see app/proposals/services/idea_search.ts). `search_vector` is a
 * generated column (title weight A, description B, location C) with a GIN index.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'cb_ukrainian') THEN
        CREATE TEXT SEARCH CONFIGURATION cb_ukrainian (COPY = simple);
      END IF;
    END $$`)

    this.schema.createTable('ideas', (table) => {
      table.increments('id')
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table
        .integer('author_id')
        .unsigned()
        .notNullable()
        .references('residents.id')
        .onDelete('RESTRICT')
      table
        .enu(
          'status',
          ['draft', 'published', 'in_review', 'on_ballot', 'rejected', 'hidden', 'merged'],
          { useNative: true, enumName: 'idea_status' }
        )
        .notNullable()
        .defaultTo('draft')
      table.string('title', 200).notNullable()
      table.text('description').notNullable().defaultTo('')
      table
        .integer('category_id')
        .unsigned()
        .nullable()
        .references('campaign_categories.id')
        .onDelete('SET NULL')
      table
        .integer('pot_id')
        .unsigned()
        .nullable()
        .references('campaign_pots.id')
        .onDelete('SET NULL')
      table
        .integer('district_id')
        .unsigned()
        .nullable()
        .references('communities.id')
        .onDelete('SET NULL')
      table.string('location', 300).nullable()
      table.bigInteger('estimated_cost').nullable()
      table.string('locale', 5).notNullable().defaultTo('en')
      table.specificType('search_language', 'regconfig').notNullable().defaultTo('simple')
      table.integer('support_count').notNullable().defaultTo(0)
      /** The status before the idea was hidden (restored on unhide). */
      table.string('status_before_hidden', 16).nullable()
      table.text('hidden_reason').nullable()
      table
        .integer('merged_into_id')
        .unsigned()
        .nullable()
        .references('ideas.id')
        .onDelete('SET NULL')
      table.text('rejection_reason').nullable()
      table.timestamp('published_at', { useTz: true }).nullable()
      table.timestamp('review_started_at', { useTz: true }).nullable()
      table.timestamp('decided_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['campaign_id', 'status'])
      table.index(['author_id'])
    })
    this.schema.raw(`ALTER TABLE ideas
      ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(search_language, coalesce(title, '')), 'A') ||
        setweight(to_tsvector(search_language, coalesce(description, '')), 'B') ||
        setweight(to_tsvector(search_language, coalesce(location, '')), 'C')
      ) STORED,
      ADD CONSTRAINT ideas_estimated_cost_positive CHECK (estimated_cost IS NULL OR estimated_cost > 0),
      ADD CONSTRAINT ideas_support_count_nonnegative CHECK (support_count >= 0),
      ADD CONSTRAINT ideas_hidden_reason CHECK (status <> 'hidden' OR coalesce(length(trim(hidden_reason)), 0) > 0),
      ADD CONSTRAINT ideas_merged_into CHECK ((status = 'merged') = (merged_into_id IS NOT NULL)),
      ADD CONSTRAINT ideas_rejection_reason CHECK (status <> 'rejected' OR coalesce(length(trim(rejection_reason)), 0) > 0)`)
    this.schema.raw('CREATE INDEX ideas_search_vector_idx ON ideas USING GIN (search_vector)')

    this.schema.createTable('idea_attachments', (table) => {
      table.increments('id')
      table.integer('idea_id').unsigned().notNullable().references('ideas.id').onDelete('CASCADE')
      table.string('drive_key', 255).notNullable().unique()
      table.string('original_name', 255).notNullable()
      table.string('mime', 100).notNullable()
      table.integer('size').notNullable()
      table.specificType('sha256', 'char(64)').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['idea_id'])
    })
    this.schema.raw(`ALTER TABLE idea_attachments
      ADD CONSTRAINT idea_attachments_size CHECK (size > 0 AND size <= 10485760),
      ADD CONSTRAINT idea_attachments_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$')`)

    this.schema.createTable('idea_supports', (table) => {
      table.bigIncrements('id')
      table.integer('idea_id').unsigned().notNullable().references('ideas.id').onDelete('CASCADE')
      table
        .integer('resident_id')
        .unsigned()
        .notNullable()
        .references('residents.id')
        .onDelete('CASCADE')
      // The exact moment of the support (microseconds, from the database clock).
      table.timestamp('created_at', { useTz: true, precision: 6 }).notNullable()
      table.timestamp('withdrawn_at', { useTz: true, precision: 6 }).nullable()
      table.index(['resident_id'])
    })
    // One active support per resident per idea, whatever the application does.
    this.schema.raw(
      'CREATE UNIQUE INDEX idea_supports_one_active ON idea_supports (idea_id, resident_id) WHERE withdrawn_at IS NULL'
    )

    this.schema.createTable('idea_moderations', (table) => {
      table.bigIncrements('id')
      table.integer('idea_id').unsigned().notNullable().references('ideas.id').onDelete('CASCADE')
      table
        .integer('staff_user_id')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table
        .enu('action', ['hide', 'unhide', 'merge'], {
          useNative: true,
          enumName: 'idea_moderation_action',
        })
        .notNullable()
      table.text('reason').notNullable()
      table
        .integer('merged_into_id')
        .unsigned()
        .nullable()
        .references('ideas.id')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['idea_id'])
    })

    this.schema.createTable('idea_expert_assignments', (table) => {
      table.increments('id')
      table.integer('idea_id').unsigned().notNullable().references('ideas.id').onDelete('CASCADE')
      table
        .integer('expert_id')
        .unsigned()
        .notNullable()
        .references('staff_users.id')
        .onDelete('CASCADE')
      table
        .integer('assigned_by_id')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['idea_id', 'expert_id'])
      table.index(['expert_id'])
    })

    this.schema.createTable('idea_reviews', (table) => {
      table.increments('id')
      table.integer('idea_id').unsigned().notNullable().references('ideas.id').onDelete('CASCADE')
      table
        .integer('expert_id')
        .unsigned()
        .notNullable()
        .references('staff_users.id')
        .onDelete('CASCADE')
      table.bigInteger('cost_estimate').nullable()
      table
        .enu('feasibility', ['feasible', 'unfeasible'], {
          useNative: true,
          enumName: 'idea_feasibility',
        })
        .notNullable()
      table.text('explanation').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['idea_id', 'expert_id'])
    })
    this.schema.raw(`ALTER TABLE idea_reviews
      ADD CONSTRAINT idea_reviews_explained CHECK (feasibility <> 'unfeasible' OR coalesce(length(trim(explanation)), 0) > 0),
      ADD CONSTRAINT idea_reviews_cost_positive CHECK (cost_estimate IS NULL OR cost_estimate > 0)`)

    this.schema.createTable('idea_comments', (table) => {
      table.increments('id')
      table.integer('idea_id').unsigned().notNullable().references('ideas.id').onDelete('CASCADE')
      table
        .integer('staff_user_id')
        .unsigned()
        .nullable()
        .references('staff_users.id')
        .onDelete('SET NULL')
      table.text('body').notNullable()
      table
        .enu('visibility', ['public', 'internal'], {
          useNative: true,
          enumName: 'idea_comment_visibility',
        })
        .notNullable()
        .defaultTo('internal')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['idea_id'])
    })

    this.schema.createTable('projects', (table) => {
      table.increments('id')
      table
        .integer('idea_id')
        .unsigned()
        .notNullable()
        .unique()
        .references('ideas.id')
        .onDelete('RESTRICT')
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('campaigns.id')
        .onDelete('CASCADE')
      table
        .integer('pot_id')
        .unsigned()
        .notNullable()
        .references('campaign_pots.id')
        .onDelete('RESTRICT')
      table.string('title', 200).notNullable()
      table.bigInteger('cost').notNullable()
      table.integer('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['campaign_id', 'pot_id', 'position'])
    })
    this.schema.raw('ALTER TABLE projects ADD CONSTRAINT projects_cost_positive CHECK (cost > 0)')

    this.schema.createTable('resident_notifications', (table) => {
      table.bigIncrements('id')
      table
        .integer('resident_id')
        .unsigned()
        .notNullable()
        .references('residents.id')
        .onDelete('CASCADE')
      table.string('kind', 40).notNullable()
      table.integer('idea_id').unsigned().nullable().references('ideas.id').onDelete('CASCADE')
      table.jsonb('params').notNullable().defaultTo('{}')
      table.timestamp('read_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['resident_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('resident_notifications')
    this.schema.dropTable('projects')
    this.schema.dropTable('idea_comments')
    this.schema.dropTable('idea_reviews')
    this.schema.dropTable('idea_expert_assignments')
    this.schema.dropTable('idea_moderations')
    this.schema.dropTable('idea_supports')
    this.schema.dropTable('idea_attachments')
    this.schema.dropTable('ideas')
    this.schema.raw('DROP TYPE IF EXISTS idea_status')
    this.schema.raw('DROP TYPE IF EXISTS idea_moderation_action')
    this.schema.raw('DROP TYPE IF EXISTS idea_feasibility')
    this.schema.raw('DROP TYPE IF EXISTS idea_comment_visibility')
    this.schema.raw('DROP TEXT SEARCH CONFIGURATION IF EXISTS cb_ukrainian')
  }
}
