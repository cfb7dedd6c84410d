// What the wallet shows about a credential: its name, its group (as the portals group them,
// the catalogue's display `group`), its fields with the catalogue's labels, and its status.
import { getCredentialType, isCredentialTypeId, parseVct, ASSURANCE_LABELS, CREDENTIAL_GROUPS } from '../../../core/credentials/catalogue.ts';
import type { CredentialRecord } from '../../credentials/credential-store.ts';
import { decodeCredential, subjectClaimsOf } from '../../credentials/decode-credential.ts';

export const OTHER_GROUP = 'Other credentials';
export const GROUP_ORDER: readonly string[] = [...CREDENTIAL_GROUPS, OTHER_GROUP];

const definitionOf = (type: string) => (isCredentialTypeId(type) ? getCredentialType(type) : undefined);

export function credentialName(record: Pick<CredentialRecord, 'type' | 'typeName'>): string {
  return definitionOf(record.type)?.display.name ?? record.typeName ?? record.type;
}

/** The name a person knows this one by: the catalogue's per-instance title (e.g. which core skill), else the type's name. */
export function credentialTitle(record: CredentialRecord): string {
  const title = definitionOf(record.type)?.display.title;
  if (!title) return credentialName(record);
  try {
    return title(subjectClaimsOf(decodeCredential(record.format, record.credential)));
  } catch {
    return credentialName(record);
  }
}

export function groupOf(record: Pick<CredentialRecord, 'type'>): string {
  return definitionOf(record.type)?.display.group ?? OTHER_GROUP;
}

/** The DSP type a configuration offers (from `vct` or the VC types), if it is one of ours. */
export function typeOfConfiguration(configuration: { vct?: string | undefined; credential_definition?: { type: string[] } | undefined }): string | undefined {
  const fromVct = parseVct(configuration.vct)?.type;
  if (fromVct) return fromVct;
  return configuration.credential_definition?.type.find(isCredentialTypeId);
}

export function typeNameOf(type: string | undefined): string | undefined {
  return type ? definitionOf(type)?.display.name : undefined;
}

export function typeDescriptionOf(type: string | undefined): string | undefined {
  return type ? definitionOf(type)?.display.description : undefined;
}

/** Labels of the fields a DSP type carries, in the catalogue's display order. */
export function fieldLabelsOf(type: string | undefined): string[] {
  const definition = type ? definitionOf(type) : undefined;
  if (!definition) return [];
  return definition.display.displayOrder.map((name) => definition.display.fieldLabels[name] ?? name);
}

/** A label for a claim path of a DCQL query (its last name). */
export function claimLabel(type: string | undefined, path: readonly (string | number | null)[]): string {
  const name = [...path].reverse().find((p): p is string => typeof p === 'string') ?? '';
  const definition = type ? definitionOf(type) : undefined;
  return definition?.display.fieldLabels[name] ?? ASSURANCE_LABELS[name] ?? name;
}

function valueText(value: unknown, labels: Readonly<Record<string, string>>): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => valueText(v, labels)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${labels[k] ?? ASSURANCE_LABELS[k] ?? k}: ${valueText(v, labels)}`)
      .join('; ');
  }
  return String(value);
}

/** A field value as shown: text, or a photograph (base64 JPEG) to show as an image. */
export type FieldValue = string | { jpeg: string };

/** Whether the catalogue says this field of a DSP type holds a base64 JPEG (a photograph). */
function isJpegField(type: string, name: string): boolean {
  const properties = definitionOf(type)?.subjectSchema.properties as Record<string, { contentMediaType?: unknown }> | undefined;
  return properties?.[name]?.contentMediaType === 'image/jpeg';
}

/** The credential's subject fields as label/value pairs, catalogue order first. */
export function fieldsOf(record: CredentialRecord): [string, FieldValue][] {
  const claims = subjectClaimsOf(decodeCredential(record.format, record.credential));
  const definition = definitionOf(record.type);
  const labels = definition?.display.fieldLabels ?? {};
  const order = definition?.display.displayOrder ?? [];
  const names = [...order.filter((n) => n in claims), ...Object.keys(claims).filter((n) => !order.includes(n) && n !== 'id')];
  return names.map((name): [string, FieldValue] => {
    const label = labels[name] ?? ASSURANCE_LABELS[name] ?? name;
    const value = claims[name];
    // A photo is shown, not spelled out as base64 (the wallet's CSP allows data: images, D28).
    if (isJpegField(record.type, name) && typeof value === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) return [label, { jpeg: value }];
    return [label, valueText(value, labels)];
  });
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return 'Not given';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}
