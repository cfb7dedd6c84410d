// Fills a template's ((placeholders)) the way GOV.UK Notify does, for plain-text messages.
//
// - Every placeholder must have a value, or MissingPersonalisation names the missing ones
//   (Notify answers 400 "Missing personalisation" in the same case). Extra values are ignored.
// - Substitution is one pass: a value that itself contains "((x))" stays literal text.
// - Output is plain text, never HTML, so there is nothing to escape; values cannot add lines
//   (control characters and line breaks become spaces), so a name cannot forge a paragraph or a
//   link line of its own, nor a header line through the subject.
import { MissingPersonalisation } from './errors.ts';
import type { Channel, Template } from './templates.ts';

export interface RenderedMessage {
  readonly templateId: string;
  readonly channel: Channel;
  /** Present for email. */
  readonly subject?: string;
  readonly body: string;
}

const placeholder = /\(\(([^()]+)\)\)/g;

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const lineBreaking = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** The distinct placeholder names in a text, in order of first appearance. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(placeholder)].map((m) => m[1]!.trim()))];
}

function valueOf(personalisation: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (!Object.hasOwn(personalisation, name)) return undefined;
  const value = personalisation[name];
  return typeof value === 'string' ? value.replace(lineBreaking, ' ') : undefined;
}

export function renderTemplate(template: Template, personalisation: Readonly<Record<string, unknown>>): RenderedMessage {
  const texts = template.subject === undefined ? [template.body] : [template.subject, template.body];
  const missing = [...new Set(texts.flatMap(placeholdersOf))].filter((name) => valueOf(personalisation, name) === undefined);
  if (missing.length > 0) throw new MissingPersonalisation(template.id, missing);

  const fill = (text: string) => text.replace(placeholder, (_, name: string) => valueOf(personalisation, name.trim())!);
  return {
    templateId: template.id,
    channel: template.channel,
    ...(template.subject === undefined ? {} : { subject: fill(template.subject).replace(/\s+/g, ' ').trim() }),
    body: fill(template.body),
  };
}
