// The photo for a passport's identity check (DOMAIN.md S1.7, E5.5): one JPEG per passport, the
// person's own from sign-up (`staff`) or HR's from the *Create identity credential* form (`hr`),
// already made small by src/core/passport/photo.ts. Kept out of staff_passports so list queries
// never read it. Scoped by the organisation (D11): another trust's passport id reads nothing and
// changes nothing.
//
//   const photos = passportPhotos(db, scopeOf(orgId));
//   await photos.of(passportId);                      // { jpeg, width, height, source, updatedAt } | undefined
//   await photos.put(passportId, photo, 'staff', at); // replaces any photo; false when not this trust's passport
//   await photos.remove(passportId, 'staff');         // only a photo from that source (undefined: any)
import { and, eq } from 'drizzle-orm';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.passportPhotos;
const p = schema.staffPassports;

export type PassportPhotoSource = (typeof schema.PASSPORT_PHOTO_SOURCES)[number];

export interface PassportPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
  source: PassportPhotoSource;
  updatedAt: Date;
}

export function passportPhotos(db: Db, scope: OrganisationScope) {
  const byPassport = (passportId: string) => and(eq(t.organisationId, scope.organisationId), eq(t.passportId, passportId));
  return {
    async of(passportId: string): Promise<PassportPhoto | undefined> {
      const [row] = await db.select({ jpeg: t.jpeg, width: t.width, height: t.height, source: t.source, updatedAt: t.updatedAt }).from(t).where(byPassport(passportId));
      return row;
    },

    async put(passportId: string, photo: { jpeg: Buffer; width: number; height: number }, source: PassportPhotoSource, at: Date): Promise<boolean> {
      const [passport] = await db.select({ id: p.id }).from(p).where(and(eq(p.organisationId, scope.organisationId), eq(p.id, passportId)));
      if (!passport) return false;
      const values = { jpeg: photo.jpeg, width: photo.width, height: photo.height, source, updatedAt: at };
      await db
        .insert(t)
        .values({ organisationId: scope.organisationId, passportId, ...values })
        .onConflictDoUpdate({ target: [t.organisationId, t.passportId], set: values });
      return true;
    },

    async remove(passportId: string, source?: PassportPhotoSource): Promise<boolean> {
      const rows = await db
        .delete(t)
        .where(and(byPassport(passportId), source ? eq(t.source, source) : undefined))
        .returning({ passportId: t.passportId });
      return rows.length > 0;
    },
  };
}
