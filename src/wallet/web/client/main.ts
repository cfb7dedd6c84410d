// The web wallet in the browser: one NHS.UK page whose main column shows one state at a time
// (list, scan, paste, offer review, transaction code, details, share review, backup, error).
// All protocol work is the holder library's; this file asks the person and shows the answers.
// Each state sets the page title and moves focus to its heading (or to the error summary).
import { createHolder, WalletError, TxCodeRejected, type CredentialRecord, type PresentationRequest, type TxCodePrompt } from '../../index.ts';
import { resolveCredentialOffer, type CredentialOfferObject } from '../../credential-offer/resolve-credential-offer.ts';
import { displayFor, fetchIssuerMetadata, type IssuerMetadata } from '../../issuer-metadata/fetch-issuer-metadata.ts';
import type { HttpPolicy } from '../../http.ts';
import { openWalletDatabase } from './idb.ts';
import { createBrowserKeyStore, createEncryptedCredentialStore } from './browser-stores.ts';
import { BackupUnreadable, createBackup, openBackup } from './backup.ts';
import { CameraUnavailable, startScan, type Scan } from './scanner.ts';
import { button, errorMessage, errorSummary, h, summaryList, tag, type Child, type FieldError } from './dom.ts';
import { claimLabel, credentialName, credentialTitle, fieldLabelsOf, fieldsOf, formatDate, GROUP_ORDER, groupOf, typeDescriptionOf, typeNameOf, typeOfConfiguration } from './describe.ts';
import { checkStatus, type StatusView } from './status.ts';

const SERVICE = 'Digital Staff Passport';
const root = document.getElementById('wallet-app')!;
const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
const walletFetch = (url: string, init?: RequestInit) => fetch(url, init);
const http: HttpPolicy = { fetch: walletFetch, allowLoopbackHttp: loopback };

const db = await openWalletDatabase();
const keys = createBrowserKeyStore(db);
const store = createEncryptedCredentialStore(db);
// The holder sees only credentials whose key this wallet still has (restored ones are bound to
// a key that stayed on the old device, so they cannot be shared: see ./backup.ts).
const holder = createHolder({
  fetch: walletFetch,
  keys,
  allowLoopbackHttp: loopback,
  credentials: {
    ...store,
    async list() {
      const own = new Set((await keys.list()).map((k) => k.id));
      return (await store.list()).filter((r) => own.has(r.keyId));
    },
  },
});

let activeScan: Scan | undefined;

interface ViewOptions {
  title: string;
  state: string;
  errors?: readonly FieldError[];
}

function render(options: ViewOptions, ...content: Child[]): void {
  activeScan?.stop();
  activeScan = undefined;
  const summary = errorSummary(options.errors ?? []);
  root.replaceChildren();
  root.dataset.state = options.state;
  root.append(h('div', { class: 'dsp-wallet-view' }, summary, content));
  document.title = `${options.errors?.length ? 'Error: ' : ''}${options.title} – ${SERVICE}`;
  const target = summary ?? root.querySelector('h1');
  if (target) {
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }
}

const heading = (text: string) => h('h1', { tabindex: '-1' }, text);
const backToWallet = (text = 'Back to your wallet') => h('p', {}, h('a', { href: '/wallet', onclick: (e: Event) => (e.preventDefault(), void showHome()) }, text));
const loading = (title: string, text: string) => render({ title, state: 'loading' }, heading(title), h('p', { role: 'status' }, text));

// -- home: the credentials, grouped ---------------------------------------------------------

async function showHome(flash?: string): Promise<void> {
  history.replaceState(null, '', '/wallet');
  const records = await store.list();
  const own = new Set((await keys.list()).map((k) => k.id));
  const statuses = new Map(await Promise.all(records.map(async (r) => [r.id, await checkStatus(r, http, own.has(r.keyId))] as const)));
  const actions = h('div', { class: 'nhsuk-button-group' }, button('Scan a QR code', () => void showScan()), button('Paste a link', () => showPaste(), 'secondary'));
  const notice = flash && h('div', { class: 'nhsuk-inset-text', role: 'status' }, h('span', { class: 'nhsuk-u-visually-hidden' }, 'Information: '), h('p', {}, flash));
  if (!records.length) {
    render(
      { title: 'Your wallet', state: 'empty' },
      heading('Your wallet'),
      notice,
      h('h2', {}, 'You have no credentials yet'),
      h('p', {}, 'When your organisation offers you a credential, scan its QR code or paste its link here. You can also restore credentials from a backup.'),
      actions,
      h('p', {}, h('a', { href: '/wallet#backup', onclick: (e: Event) => (e.preventDefault(), showBackup()) }, 'Restore from a backup')),
    );
    return;
  }
  const groups = GROUP_ORDER.map((group) => ({ group, items: records.filter((r) => groupOf(r) === group) })).filter((g) => g.items.length);
  render(
    { title: 'Your wallet', state: 'list' },
    heading('Your wallet'),
    notice,
    h('p', {}, `You have ${records.length} credential${records.length === 1 ? '' : 's'}.`),
    actions,
    groups.map(({ group, items }) => [
      h('h2', {}, group),
      h(
        'ul',
        { class: 'nhsuk-list' },
        items.map((record) => {
          const status = statuses.get(record.id)!;
          return h(
            'li',
            { class: 'nhsuk-card', 'data-credential-id': record.id },
            h(
              'div',
              { class: 'nhsuk-card__content' },
              h('h3', { class: 'nhsuk-card__heading nhsuk-heading-s' }, h('a', { href: `/wallet#credential-${record.id}`, onclick: (e: Event) => (e.preventDefault(), void showDetails(record.id)) }, credentialTitle(record))),
              h('p', { class: 'nhsuk-card__description' }, `From ${record.issuer.name ?? hostOf(record.issuer.url)}`),
              h('p', { class: 'nhsuk-u-margin-bottom-0' }, statusTag(status)),
            ),
          );
        }),
      ),
    ]),
    h('p', {}, h('a', { href: '/wallet#backup', onclick: (e: Event) => (e.preventDefault(), showBackup()) }, 'Back up or restore your wallet')),
  );
}

function statusTag(status: StatusView): HTMLElement {
  return tag(status.label, status.colour);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

// -- getting a link: camera, paste, same-device ---------------------------------------------

async function showScan(): Promise<void> {
  const video = h('video', { class: 'dsp-wallet-camera', muted: true, playsinline: true, 'aria-label': 'Camera view for scanning a QR code' }) as HTMLVideoElement;
  const status = h('p', { role: 'status' }, 'Starting the camera…');
  render(
    { title: 'Scan a QR code', state: 'scan' },
    heading('Scan a QR code'),
    h('p', {}, 'Point your camera at the QR code on the other screen.'),
    video,
    status,
    h('div', { class: 'nhsuk-button-group' }, button('Paste a link instead', () => showPaste(), 'secondary')),
    backToWallet('Cancel'),
  );
  try {
    const scan = await startScan(video);
    activeScan = scan;
    status.textContent = 'Looking for a QR code…';
    const text = await scan.result;
    activeScan = undefined;
    await handleLink(text);
  } catch (error) {
    if (error instanceof CameraUnavailable) showPaste([{ id: 'link', text: error.message }]);
    else showError(error);
  }
}

const LINK_HELP = 'On the page with the QR code, press and hold "Open your wallet" and copy the link, or copy it from the message you were sent.';

function showPaste(errors: FieldError[] = [], value = ''): void {
  const error = errors.find((e) => e.id === 'link');
  const input = h('input', {
    class: error ? 'nhsuk-input nhsuk-input--error' : 'nhsuk-input',
    id: 'link',
    name: 'link',
    type: 'text',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': error ? 'link-hint link-error' : 'link-hint',
    value,
  }) as HTMLInputElement;
  const form = h(
    'form',
    { novalidate: true, onsubmit: (e: Event) => {
      e.preventDefault();
      const link = input.value.trim();
      if (!link) return showPaste([{ id: 'link', text: 'Paste the link from the QR code page or from your message' }]);
      if (!kindOf(link)) return showPaste([{ id: 'link', text: 'This is not a link your wallet can use. It starts with openid-credential-offer:// or openid4vp://' }], link);
      void handleLink(link);
    } },
    h(
      'div',
      { class: error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group' },
      h('h1', { class: 'nhsuk-label-wrapper' }, h('label', { class: 'nhsuk-label nhsuk-label--l', for: 'link' }, 'Paste a link')),
      h('div', { class: 'nhsuk-hint', id: 'link-hint' }, LINK_HELP),
      errorMessage('link', error),
      input,
    ),
    button('Continue', () => undefined, 'primary', 'submit'),
  );
  render({ title: 'Paste a link', state: errors.length ? 'paste-error' : 'paste', errors }, form, backToWallet('Cancel'));
}

function kindOf(link: string): 'offer' | 'request' | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.searchParams.has('credential_offer') || url.searchParams.has('credential_offer_uri')) return 'offer';
  if (url.searchParams.has('request_uri') || url.searchParams.has('request') || url.searchParams.has('dcql_query')) return 'request';
  return undefined;
}

async function handleLink(link: string): Promise<void> {
  const kind = kindOf(link);
  if (kind === 'offer') return reviewOffer(link);
  if (kind === 'request') return reviewRequest(link);
  return showPaste([{ id: 'link', text: 'This is not a link your wallet can use. It starts with openid-credential-offer:// or openid4vp://' }], link);
}

// -- receiving ------------------------------------------------------------------------------

interface OfferPreview {
  offer: CredentialOfferObject;
  metadata: IssuerMetadata;
  issuerName: string;
}

async function reviewOffer(link: string): Promise<void> {
  loading('Checking the offer', 'Checking the offer with the issuer…');
  let preview: OfferPreview;
  try {
    const offer = await resolveCredentialOffer(link, http);
    const metadata = await fetchIssuerMetadata(offer.credential_issuer, http);
    preview = { offer, metadata, issuerName: displayFor(metadata.display)?.name ?? hostOf(offer.credential_issuer) };
  } catch (error) {
    return showError(error);
  }
  const { offer, metadata, issuerName } = preview;
  const logo = displayFor(metadata.display)?.logo;
  const cards = offer.credential_configuration_ids.map((id) => {
    const configuration = metadata.credential_configurations_supported[id];
    const type = configuration ? typeOfConfiguration(configuration) : undefined;
    const display = configuration && displayFor(configuration.credential_metadata?.display ?? configuration.display);
    const name = typeNameOf(type) ?? display?.name ?? id;
    const fields = fieldLabelsOf(type);
    return h(
      'li',
      { class: 'nhsuk-card' },
      h(
        'div',
        { class: 'nhsuk-card__content' },
        h('h2', { class: 'nhsuk-card__heading nhsuk-heading-s' }, name, configuration?.format ? h('span', { class: 'nhsuk-u-visually-hidden' }, ` (${configuration.format})`) : null),
        h('p', { class: 'nhsuk-card__description' }, typeDescriptionOf(type) ?? display?.description ?? ''),
        fields.length ? [h('p', { class: 'nhsuk-u-margin-bottom-1' }, 'It contains:'), h('ul', { class: 'nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0' }, fields.map((f) => h('li', {}, f)))] : null,
      ),
    );
  });
  render(
    { title: 'Add to your wallet?', state: 'offer' },
    logo && /^(https:|data:image\/)/.test(logo.uri) ? h('img', { src: logo.uri, alt: logo.alt_text ?? `${issuerName} logo`, class: 'dsp-wallet-logo' }) : null,
    heading('Add to your wallet?'),
    h('p', { class: 'nhsuk-lede-text' }, `${issuerName} is offering you ${cards.length === 1 ? 'a credential' : `${cards.length} credentials`}.`),
    h('p', {}, `The offer comes from ${hostOf(offer.credential_issuer)}. Only add credentials you were expecting.`),
    h('ul', { class: 'nhsuk-list' }, cards),
    h('div', { class: 'nhsuk-button-group' }, button('Add to wallet', () => void addOffer(preview)), button('Decline', () => void showHome('You declined the offer. Nothing was added to your wallet.'), 'secondary')),
  );
}

async function addOffer(preview: OfferPreview): Promise<void> {
  // The offer was fetched once for the review; it goes to the holder by value, so the issuer's
  // single-use reference is not fetched again.
  const byValue = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(preview.offer))}`;
  let txError: FieldError | undefined;
  for (;;) {
    loading('Adding to your wallet', `Getting your credentials from ${preview.issuerName}…`);
    try {
      const result = await holder.receive(byValue, { txCode: (prompt) => askTxCode(prompt, preview.issuerName, txError) });
      const names = result.received.map(credentialName);
      return showHome(`Added to your wallet: ${[...new Set(names)].join(', ')}.`);
    } catch (error) {
      if (error instanceof TxCodeRejected) {
        txError = { id: 'tx-code', text: error.message };
        continue;
      }
      if (error instanceof Cancelled) return showHome('You cancelled. Nothing was added to your wallet.');
      return showError(error);
    }
  }
}

class Cancelled extends Error {}

function askTxCode(prompt: TxCodePrompt, issuerName: string, initialError?: FieldError): Promise<string> {
  return new Promise((resolve, reject) => {
    const length = prompt.length ?? 6;
    const numeric = prompt.inputMode === 'numeric';
    const show = (error: FieldError | undefined, value = '') => {
      const input = h('input', {
        class: `nhsuk-input nhsuk-input--width-10${error ? ' nhsuk-input--error' : ''}`,
        id: 'tx-code',
        name: 'txCode',
        type: 'text',
        inputmode: numeric ? 'numeric' : 'text',
        autocomplete: 'one-time-code',
        spellcheck: 'false',
        'aria-describedby': error ? 'tx-code-hint tx-code-error' : 'tx-code-hint',
        value,
      }) as HTMLInputElement;
      const form = h(
        'form',
        { novalidate: true, onsubmit: (e: Event) => {
          e.preventDefault();
          const code = input.value.replace(/\s+/g, '');
          if (!code) return show({ id: 'tx-code', text: 'Enter the code you were sent' });
          if (numeric && !/^\d+$/.test(code)) return show({ id: 'tx-code', text: 'The code must contain only numbers' }, input.value);
          if (prompt.length && code.length !== prompt.length) return show({ id: 'tx-code', text: `The code must be ${length} ${numeric ? 'digits' : 'characters'}` }, input.value);
          resolve(code);
        } },
        h(
          'div',
          { class: error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group' },
          h('h1', { class: 'nhsuk-label-wrapper' }, h('label', { class: 'nhsuk-label nhsuk-label--l', for: 'tx-code' }, 'Enter your code')),
          h('div', { class: 'nhsuk-hint', id: 'tx-code-hint' }, `${issuerName} sent you a ${length}-${numeric ? 'digit' : 'character'} code, for example by text message.${prompt.description ? ` ${prompt.description}` : ''}`),
          errorMessage('tx-code', error),
          input,
        ),
        h('div', { class: 'nhsuk-button-group' }, button('Continue', () => undefined, 'primary', 'submit'), button('Cancel', () => reject(new Cancelled()), 'secondary')),
      );
      render({ title: 'Enter your code', state: error ? 'tx-code-error' : 'tx-code', errors: error ? [error] : [] }, form);
    };
    show(initialError);
  });
}

// -- sharing --------------------------------------------------------------------------------

interface Requested {
  /** A name for what is asked. */
  name: string;
  type: string | undefined;
  /** Every credential that answers it, across the set's answerable options. */
  candidates: { queryId: string; record: CredentialRecord; claims: (string | number | null)[][] }[];
}

function typeFromQueryId(queryId: string): string {
  return queryId.replace(/_(sd_jwt|jwt_vc|dc_sd_jwt|jwt_vc_json)$/, '');
}

function requestedItems(request: PresentationRequest): { answerable: Requested[]; missing: Requested[] } {
  const answerable: Requested[] = [];
  const missing: Requested[] = [];
  for (const set of request.credentialSets.filter((s) => s.required)) {
    const queryIds = [...new Set(set.options.flat())];
    const candidates = queryIds.flatMap((queryId) => {
      const query = request.queries.find((q) => q.queryId === queryId);
      const option = set.options.find((o) => o.includes(queryId));
      const optionAnswerable = option?.every((id) => (request.queries.find((q) => q.queryId === id)?.candidates.length ?? 0) > 0);
      return query && optionAnswerable ? query.candidates.map((record) => ({ queryId, record, claims: query.claims })) : [];
    });
    const type = candidates[0]?.record.type ?? typeFromQueryId(queryIds[0] ?? '');
    const item = { name: typeNameOf(type) ?? candidates[0]?.record.typeName ?? type, type, candidates };
    (candidates.length ? answerable : missing).push(item);
  }
  return { answerable, missing };
}

async function reviewRequest(link: string): Promise<void> {
  loading('Checking the request', 'Checking who is asking…');
  let request: PresentationRequest;
  try {
    request = await holder.resolvePresentationRequest(link);
  } catch (error) {
    return showError(error);
  }
  showShare(request, {});
}

function verifierName(request: PresentationRequest): string {
  return request.verifier.name ?? request.verifier.responseHost;
}

function showShare(request: PresentationRequest, chosen: Record<number, string>, errors: FieldError[] = []): void {
  const { answerable, missing } = requestedItems(request);
  const who = verifierName(request);
  const decline = button('Decline', () => void declineRequest(request), 'secondary');
  const whoDetails = summaryList([
    ['Who is asking', who],
    ['Their address', request.verifier.responseHost],
    ['Identified as', h('span', { class: 'dsp-break-all' }, request.verifier.identifier)],
  ]);
  if (!request.canBeSatisfied || missing.length) {
    render(
      { title: 'You do not have a credential they asked for', state: 'missing' },
      heading('You do not have a credential they asked for'),
      h('p', {}, `${who} asked for:`),
      h('ul', { class: 'nhsuk-list nhsuk-list--bullet' }, missing.map((m) => h('li', {}, m.name))),
      h('p', {}, 'Only credentials in your wallet can be shared. Decline this request, then go back to the service, untick the credential you do not have and try again — or ask for it to be added to your wallet first.'),
      whoDetails,
      h('div', { class: 'nhsuk-button-group' }, button('Decline the request', () => void declineRequest(request))),
    );
    return;
  }
  const sections = answerable.map((item, index) => {
    const fieldId = `choice-${index}`;
    const error = errors.find((e) => e.id === fieldId);
    const claims = item.candidates.find((c) => `${c.queryId} ${c.record.id}` === chosen[index])?.claims ?? item.candidates[0]!.claims;
    const fields = h('ul', { class: 'nhsuk-list nhsuk-list--bullet' }, claims.map((path) => h('li', {}, claimLabel(item.type, path))));
    const describe = (record: CredentialRecord) => `From ${record.issuer.name ?? hostOf(record.issuer.url)}, added ${formatDate(record.receivedAt)}`;
    if (item.candidates.length === 1) {
      const only = item.candidates[0]!;
      return h('div', { class: 'nhsuk-card' }, h('div', { class: 'nhsuk-card__content' }, h('h2', { class: 'nhsuk-card__heading nhsuk-heading-m' }, item.name), h('p', {}, describe(only.record)), h('p', { class: 'nhsuk-u-margin-bottom-1' }, 'They will see:'), fields));
    }
    return h(
      'div',
      { class: error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group' },
      h(
        'fieldset',
        { class: 'nhsuk-fieldset', 'aria-describedby': error ? `${fieldId}-hint ${fieldId}-error` : `${fieldId}-hint` },
        h('legend', { class: 'nhsuk-fieldset__legend nhsuk-fieldset__legend--m' }, h('h2', { class: 'nhsuk-fieldset__heading' }, `Which ${item.name.toLowerCase()} do you want to share?`)),
        h('div', { class: 'nhsuk-hint', id: `${fieldId}-hint` }, `You have ${item.candidates.length} that fit. Choose one.`),
        errorMessage(fieldId, error),
        h(
          'div',
          { class: 'nhsuk-radios', 'data-module': 'nhsuk-radios' },
          item.candidates.map((candidate, i) => {
            const value = `${candidate.queryId} ${candidate.record.id}`;
            const id = i === 0 ? fieldId : `${fieldId}-${i}`;
            return h(
              'div',
              { class: 'nhsuk-radios__item' },
              h('input', { class: 'nhsuk-radios__input', id, name: fieldId, type: 'radio', value, checked: chosen[index] === value, onchange: () => (chosen[index] = value) }),
              h('label', { class: 'nhsuk-label nhsuk-radios__label', for: id }, `${credentialTitle(candidate.record)} from ${candidate.record.issuer.name ?? hostOf(candidate.record.issuer.url)}`),
              h('div', { class: 'nhsuk-hint nhsuk-radios__hint', id: `${id}-item-hint` }, `Added ${formatDate(candidate.record.receivedAt)}${candidate.record.format === 'jwt_vc_json' ? ' (W3C format)' : ''}`),
            );
          }),
        ),
      ),
      h('p', { class: 'nhsuk-u-margin-bottom-1' }, 'They will see:'),
      fields,
    );
  });
  const needsChoice = answerable.some((item) => item.candidates.length > 1);
  const form = h(
    'form',
    { novalidate: true, onsubmit: (e: Event) => {
      e.preventDefault();
      const missingChoices = answerable.flatMap((item, index) => (item.candidates.length > 1 && !chosen[index] ? [{ id: `choice-${index}`, text: `Choose which ${item.name.toLowerCase()} to share` }] : []));
      if (missingChoices.length) return showShare(request, chosen, missingChoices);
      void shareRequest(request, answerable, chosen);
    } },
    sections,
    h('div', { class: 'nhsuk-button-group' }, button('Share', () => undefined, 'primary', 'submit'), decline),
  );
  render(
    { title: `Share with ${who}?`, state: errors.length ? 'choice-error' : needsChoice ? 'choice' : 'share', errors },
    heading(`Share with ${who}?`),
    h('p', { class: 'nhsuk-lede-text' }, `${who} is asking to see ${answerable.length === 1 ? 'a credential' : `${answerable.length} credentials`} from your wallet.`),
    whoDetails,
    form,
  );
}

async function shareRequest(request: PresentationRequest, answerable: Requested[], chosen: Record<number, string>): Promise<void> {
  const choices: Record<string, string> = {};
  answerable.forEach((item, index) => {
    const pick = item.candidates.length === 1 ? item.candidates[0]! : item.candidates.find((c) => `${c.queryId} ${c.record.id}` === chosen[index]);
    if (pick) choices[pick.queryId] = pick.record.id;
  });
  loading('Sharing', `Sending your credentials to ${verifierName(request)}…`);
  try {
    const result = await holder.present(request, choices);
    if (result.redirectUri) return location.assign(result.redirectUri);
    return showHome(`Shared with ${verifierName(request)}. You can go back to the other screen.`);
  } catch (error) {
    return showError(error);
  }
}

async function declineRequest(request: PresentationRequest): Promise<void> {
  loading('Declining', 'Telling them you declined…');
  try {
    const result = await holder.decline(request);
    if (result.redirectUri) return location.assign(result.redirectUri);
    return showHome(`You declined the request from ${verifierName(request)}. Nothing was shared.`);
  } catch (error) {
    return showError(error);
  }
}

// -- one credential -------------------------------------------------------------------------

async function showDetails(id: string): Promise<void> {
  const record = await store.get(id);
  if (!record) return showHome();
  const own = (await keys.get(record.keyId)) !== undefined;
  const status = await checkStatus(record, http, own);
  const name = credentialTitle(record);
  let fields: [string, Child][];
  try {
    fields = fieldsOf(record).map(([label, value]): [string, Child] => [
      label,
      typeof value === 'string' ? value : h('img', { src: `data:image/jpeg;base64,${value.jpeg}`, alt: `${label} in this credential`, class: 'dsp-wallet-photo' }),
    ]);
  } catch {
    fields = [];
  }
  render(
    { title: name, state: 'details' },
    heading(name),
    h('p', {}, statusTag(status)),
    status.explanation ? h('p', {}, status.explanation) : null,
    h('h2', {}, 'What it says'),
    summaryList(fields),
    h('h2', {}, 'About this credential'),
    summaryList([
      ['Issued by', record.issuer.name ?? hostOf(record.issuer.url)],
      ['Issuer address', h('span', { class: 'dsp-break-all' }, record.issuer.url)],
      ['Issued', formatDate(record.issuedAt)],
      ['Expires', record.expiresAt ? formatDate(record.expiresAt) : 'Does not expire'],
      ['Format', record.format === 'dc+sd-jwt' ? 'SD-JWT VC (you choose which fields to share)' : 'W3C verifiable credential (JWT)'],
      ['Added to this wallet', formatDate(record.receivedAt)],
    ]),
    button('Delete this credential', () => confirmDelete(record), 'warning'),
    backToWallet(),
  );
}

function confirmDelete(record: CredentialRecord): void {
  const name = credentialName(record);
  render(
    { title: `Delete ${name}?`, state: 'delete' },
    heading(`Delete ${name}?`),
    h('p', {}, `You cannot undo this. To get it back, ask ${record.issuer.name ?? hostOf(record.issuer.url)} to add it to your wallet again.`),
    h(
      'div',
      { class: 'nhsuk-button-group' },
      button('Yes, delete it', () => void (async () => {
        loading('Deleting', 'Deleting the credential…');
        try {
          await holder.delete(record.id);
        } catch (error) {
          return showError(error);
        }
        return showHome(`Deleted ${name}.`);
      })(), 'warning'),
      button('No, keep it', () => void showDetails(record.id), 'secondary'),
    ),
  );
}

// -- backup ---------------------------------------------------------------------------------

const BACKUP_KEY_NOTE =
  'A backup holds your credentials, not your wallet key: that key never leaves this device. Restored credentials can be viewed but not shared, and your organisation will only add new credentials to the key of your first access key. After restoring on a new phone, ask your organisation to issue you a new access key.';

function showBackup(errors: FieldError[] = [], flash?: string): void {
  history.replaceState(null, '', '/wallet#backup');
  const field = (id: string, label: string, type: string, hint?: string, extra: Record<string, string> = {}) => {
    const error = errors.find((e) => e.id === id);
    return h(
      'div',
      { class: error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group' },
      h('label', { class: 'nhsuk-label', for: id }, label),
      hint ? h('div', { class: 'nhsuk-hint', id: `${id}-hint` }, hint) : null,
      errorMessage(id, error),
      h('input', { class: type === 'file' ? 'nhsuk-file-upload' : `nhsuk-input${error ? ' nhsuk-input--error' : ''}`, id, name: id, type, 'aria-describedby': [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || undefined, ...extra }),
    );
  };
  const exportForm = h(
    'form',
    { novalidate: true, onsubmit: (e: Event) => {
      e.preventDefault();
      const passphrase = (document.getElementById('backup-passphrase') as HTMLInputElement).value;
      const confirm = (document.getElementById('backup-confirm') as HTMLInputElement).value;
      const problems: FieldError[] = [];
      if (passphrase.length < 12) problems.push({ id: 'backup-passphrase', text: 'Enter a passphrase of at least 12 characters' });
      else if (confirm !== passphrase) problems.push({ id: 'backup-confirm', text: 'The passphrases do not match' });
      if (problems.length) return showBackup(problems);
      void (async () => {
        const text = await createBackup(await store.list(), passphrase, new Date());
        const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: `dsp-wallet-backup-${new Date().toISOString().slice(0, 10)}.json` });
        link.click();
        showBackup([], 'Your backup file has been saved. Keep it, and its passphrase, somewhere safe.');
      })();
    } },
    h('h2', {}, 'Back up'),
    field('backup-passphrase', 'Choose a passphrase', 'password', 'At least 12 characters. You need it to restore the backup.', { autocomplete: 'new-password' }),
    field('backup-confirm', 'Enter the passphrase again', 'password', undefined, { autocomplete: 'new-password' }),
    button('Save a backup file', () => undefined, 'secondary', 'submit'),
  );
  const restoreForm = h(
    'form',
    { novalidate: true, onsubmit: (e: Event) => {
      e.preventDefault();
      const file = (document.getElementById('restore-file') as HTMLInputElement).files?.[0];
      const passphrase = (document.getElementById('restore-passphrase') as HTMLInputElement).value;
      const problems: FieldError[] = [];
      if (!file) problems.push({ id: 'restore-file', text: 'Choose your backup file' });
      if (!passphrase) problems.push({ id: 'restore-passphrase', text: 'Enter the passphrase of the backup' });
      if (problems.length || !file) return showBackup(problems);
      void (async () => {
        try {
          const records = await openBackup(await file.text(), passphrase);
          const existing = new Set((await store.list()).map((r) => r.id));
          const added = records.filter((r) => !existing.has(r.id));
          for (const record of added) await store.save(record);
          await showHome(`Restored ${added.length} credential${added.length === 1 ? '' : 's'} from your backup. ${BACKUP_KEY_NOTE}`);
        } catch (error) {
          if (error instanceof BackupUnreadable) return showBackup([{ id: 'restore-passphrase', text: error.message }]);
          return showError(error);
        }
      })();
    } },
    h('h2', {}, 'Restore'),
    field('restore-file', 'Backup file', 'file', undefined, { accept: 'application/json,.json' }),
    field('restore-passphrase', 'Passphrase', 'password', undefined, { autocomplete: 'current-password' }),
    button('Restore from backup', () => undefined, 'secondary', 'submit'),
  );
  render(
    { title: 'Back up or restore your wallet', state: errors.length ? 'backup-error' : 'backup', errors },
    heading('Back up or restore your wallet'),
    flash ? h('div', { class: 'nhsuk-inset-text', role: 'status' }, h('p', {}, flash)) : null,
    h('p', {}, 'If you lose this phone or clear its browser data, your credentials go with it. A backup file, protected by a passphrase, lets you put them back.'),
    h('div', { class: 'nhsuk-warning-callout' }, h('h2', { class: 'nhsuk-warning-callout__label' }, h('span', { role: 'text' }, h('span', { class: 'nhsuk-u-visually-hidden' }, 'Important: '), 'What a backup cannot do')), h('p', {}, BACKUP_KEY_NOTE)),
    exportForm,
    restoreForm,
    backToWallet(),
  );
}

// -- errors ---------------------------------------------------------------------------------

/** Errors where the wallet protected the person from something that may not be genuine. */
const REFUSALS = new Set([
  'insecure_url',
  'offer_metadata_mismatch',
  'authorization_server_mismatch',
  'credential_signature_invalid',
  'credential_invalid',
  'credential_not_bound_to_wallet',
  'unsigned_request_with_did_client_id',
  'request_key_not_in_did',
  'request_signature_invalid',
  'signed_request_with_redirect_uri_client_id',
  'request_client_id_mismatch',
  'wallet_nonce_mismatch',
]);

function showError(error: unknown): void {
  const known = error instanceof WalletError;
  const refused = known && REFUSALS.has(error.code);
  const title = refused ? 'Your wallet refused this' : 'Sorry, there is a problem';
  if (!known) console.error(error);
  render(
    { title, state: 'error' },
    heading(title),
    h('p', { 'data-wallet-error': known ? error.code : 'unexpected' }, known ? error.message : 'Something went wrong in the wallet. Try again; if it keeps happening, ask the service that sent you here for a new link.'),
    backToWallet(),
  );
}

// -- start ----------------------------------------------------------------------------------

// A same-device link arrives as /wallet/open?uri=<openid-credential-offer://…|openid4vp://…>.
const incoming = new URLSearchParams(location.search).get('uri');
if (incoming) {
  history.replaceState(null, '', '/wallet');
  void handleLink(incoming);
} else if (location.hash === '#backup') {
  showBackup();
} else {
  void showHome();
}
addEventListener('hashchange', () => {
  if (location.hash === '#backup') showBackup();
});
