import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: they must not depend on today's types */
export async function up(db: Kysely<any>): Promise<void> {
  const id = (col: any) => col.primaryKey().generatedAlwaysAsIdentity();
  const now = sql`now()`;

  // Units form a tree: a cluster is a unit with no cluster_id; its members point to it
  // (cluster_id, for scoping) and to their parent (the cluster, or later a province).
  await db.schema
    .createTable('units')
    .addColumn('id', 'integer', id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
    .addColumn('cluster_id', 'integer', (c) => c.references('units.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('units_cluster_scope', sql`(kind = 'cluster') = (cluster_id is null)`)
    .execute();
  await db.schema.createIndex('units_cluster_code').on('units').columns(['cluster_id', 'code']).unique().execute();
  await db.schema
    .createIndex('units_root_code')
    .on('units')
    .column('code')
    .unique()
    .where(sql.ref('cluster_id'), 'is', null)
    .execute();

  await db.schema
    .createTable('leader_terms')
    .addColumn('id', 'integer', id)
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('ends_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('leader_terms_current')
    .on('leader_terms')
    .column('cluster_id')
    .unique()
    .where(sql.ref('ends_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', id)
    .addColumn('telegram_user_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('reachable', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'integer', id)
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('contact', 'leader')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('memberships_active')
    .on('memberships')
    .columns(['person_id', 'unit_id', 'role'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
  await db.schema.createIndex('memberships_unit').on('memberships').columns(['unit_id', 'role']).execute();

  await db.schema
    .createTable('invites')
    .addColumn('id', 'integer', id)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('used_by', 'integer', (c) => c.references('people.id'))
    .execute();

  // Templates are versioned: a change makes a new row; reports keep the one they were filled with.
  await db.schema
    .createTable('report_templates')
    .addColumn('id', 'integer', id)
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('report_templates_version', ['cluster_id', 'code', 'version'])
    .execute();

  await db.schema
    .createTable('schedules')
    .addColumn('id', 'integer', id)
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('template_code', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('schedules_code', ['cluster_id', 'code'])
    .execute();

  await db.schema
    .createTable('periods')
    .addColumn('id', 'integer', id)
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('schedule_id', 'integer', (c) => c.notNull().references('schedules.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('template_id', 'integer', (c) => c.notNull().references('report_templates.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deadline_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('periods_key', ['schedule_id', 'key'])
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'integer', id)
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('period_id', 'integer', (c) => c.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('template_id', 'integer', (c) => c.notNull().references('report_templates.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted')`))
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('started_by', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('submitted_by', 'integer', (c) => c.references('people.id'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('reports_period_unit', ['period_id', 'unit_id'])
    .execute();

  // What a person is in the middle of (filling a report, writing guidance): survives restarts.
  await db.schema
    .createTable('conversations')
    .addColumn('person_id', 'integer', (c) => c.primaryKey().references('people.id'))
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('guidance_messages')
    .addColumn('id', 'integer', id)
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('sender_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('guidance_deliveries')
    .addColumn('id', 'integer', id)
    .addColumn('guidance_id', 'integer', (c) => c.notNull().references('guidance_messages.id'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('error', 'text')
    .addColumn('telegram_message_id', 'bigint')
    .addColumn('attempted_at', 'timestamptz')
    .addColumn('acknowledged_at', 'timestamptz')
    .addUniqueConstraint('guidance_deliveries_once', ['guidance_id', 'person_id'])
    .execute();

  // A row here is the claim: inserted before sending, so a slot is sent at most once.
  await db.schema
    .createTable('reminder_dispatches')
    .addColumn('id', 'integer', id)
    .addColumn('period_id', 'integer', (c) => c.notNull().references('periods.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('sent_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addUniqueConstraint('reminder_dispatches_once', ['period_id', 'unit_id', 'slot'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', id)
    .addColumn('cluster_id', 'integer', (c) => c.references('units.id'))
    .addColumn('actor_person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'reminder_dispatches',
    'guidance_deliveries',
    'guidance_messages',
    'conversations',
    'reports',
    'periods',
    'schedules',
    'report_templates',
    'invites',
    'memberships',
    'people',
    'leader_terms',
    'units',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
