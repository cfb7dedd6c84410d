// Employer portal users of one organisation. Every statement is scoped by the organisation.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { EmployerRole, EmployerUserInput } from '../core/passport/organisation.ts';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

export interface EmployerUser {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  role: EmployerRole;
  status: 'invited' | 'active' | 'disabled';
  createdAt: Date;
}

const t = schema.employerUsers;
const columns = {
  id: t.id,
  organisationId: t.organisationId,
  email: t.email,
  displayName: t.displayName,
  role: t.role,
  status: t.status,
  createdAt: t.createdAt,
};

export function employerUsers(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    async add(input: EmployerUserInput & { passwordHash?: string | null; status?: EmployerUser['status'] }) {
      const [row] = await db
        .insert(t)
        .values({
          id: randomUUID(),
          organisationId: scope.organisationId,
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          status: input.status ?? 'invited',
          passwordHash: input.passwordHash ?? null,
        })
        .onConflictDoNothing()
        .returning(columns);
      return row ? ({ outcome: 'added', user: row } as const) : ({ outcome: 'exists' } as const);
    },
    async list(): Promise<EmployerUser[]> {
      return db.select(columns).from(t).where(inScope).orderBy(asc(t.displayName));
    },
    async findById(id: string): Promise<EmployerUser | undefined> {
      const [row] = await db.select(columns).from(t).where(and(inScope, eq(t.id, id)));
      return row;
    },
    async findByEmail(email: string): Promise<EmployerUser | undefined> {
      const [row] = await db.select(columns).from(t).where(and(inScope, sql`lower(${t.email}) = ${email.toLowerCase()}`));
      return row;
    },
    /** The user and their password hash, for checking a password at sign-in (D38). */
    async findForSignIn(email: string): Promise<(EmployerUser & { passwordHash: string | null }) | undefined> {
      const [row] = await db.select({ ...columns, passwordHash: t.passwordHash }).from(t).where(and(inScope, sql`lower(${t.email}) = ${email.toLowerCase()}`));
      return row;
    },
    /** Sets the password (argon2id hash) and makes an invited user active (D38: the set-up link). */
    async setPassword(id: string, passwordHash: string): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ passwordHash, status: sql`case when ${t.status} = 'invited' then 'active' else ${t.status} end` })
        .where(and(inScope, eq(t.id, id), sql`${t.status} <> 'disabled'`))
        .returning({ id: t.id });
      return rows.length === 1;
    },
    /**
     * Disables or re-enables a user; true only when this call changed it (a repeated request acts
     * once). A re-enabled user without a password goes back to invited.
     */
    async setStatus(id: string, status: 'active' | 'disabled'): Promise<boolean> {
      const next = status === 'disabled' ? sql`'disabled'` : sql`case when ${t.passwordHash} is null then 'invited' else 'active' end`;
      const changes = status === 'disabled' ? sql`${t.status} <> 'disabled'` : sql`${t.status} = 'disabled'`;
      const rows = await db.update(t).set({ status: next }).where(and(inScope, eq(t.id, id), changes)).returning({ id: t.id });
      return rows.length === 1;
    },
    /** Changes the role; true only when this call changed it (a repeated request acts once). */
    async changeRole(id: string, role: EmployerRole): Promise<boolean> {
      const rows = await db.update(t).set({ role }).where(and(inScope, eq(t.id, id), sql`${t.role} <> ${role}`)).returning({ id: t.id });
      return rows.length === 1;
    },
    async setRole(id: string, role: EmployerRole): Promise<boolean> {
      const rows = await db.update(t).set({ role }).where(and(inScope, eq(t.id, id))).returning({ id: t.id });
      return rows.length === 1;
    },
    async remove(id: string): Promise<boolean> {
      const rows = await db.delete(t).where(and(inScope, eq(t.id, id))).returning({ id: t.id });
      return rows.length === 1;
    },
  };
}
