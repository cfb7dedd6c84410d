// Building NHS.UK markup from script without innerHTML: every text is a text node (so nothing an
// issuer or verifier sends can become markup) and listeners are attached, never inline (CSP).
type Attr = string | number | boolean | undefined | null | ((event: Event) => void);
export type Child = Node | string | number | null | undefined | false | Child[];

export function h(tag: string, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === 'number' ? String(child) : child);
  }
}

export interface FieldError {
  id: string;
  text: string;
}

/** The NHS.UK error summary (role=alert inside, focused by the caller). */
export function errorSummary(errors: readonly FieldError[]): HTMLElement | undefined {
  if (!errors.length) return undefined;
  return h(
    'div',
    { class: 'nhsuk-error-summary', tabindex: '-1', 'data-error-summary': true },
    h(
      'div',
      { role: 'alert' },
      h('h2', { class: 'nhsuk-error-summary__heading' }, 'There is a problem'),
      h(
        'div',
        { class: 'nhsuk-error-summary__body' },
        h(
          'ul',
          { class: 'nhsuk-list nhsuk-error-summary__list' },
          errors.map((e) =>
            h('li', {}, h('a', { href: `#${e.id}`, onclick: (event: Event) => {
              event.preventDefault();
              document.getElementById(e.id)?.focus();
            } }, e.text)),
          ),
        ),
      ),
    ),
  );
}

export function errorMessage(id: string, error: FieldError | undefined): HTMLElement | undefined {
  return error && h('span', { class: 'nhsuk-error-message', id: `${id}-error` }, h('span', { class: 'nhsuk-u-visually-hidden' }, 'Error: '), error.text);
}

export function button(text: string, onClick: (event: Event) => void, variant: 'primary' | 'secondary' | 'warning' = 'primary', type: 'button' | 'submit' = 'button'): HTMLElement {
  const classes = variant === 'primary' ? 'nhsuk-button' : `nhsuk-button nhsuk-button--${variant}`;
  return h('button', { class: classes, type, 'data-module': 'nhsuk-button', onclick: onClick }, text);
}

export function summaryList(rows: readonly [string, Child][]): HTMLElement {
  return h(
    'dl',
    { class: 'nhsuk-summary-list' },
    rows.map(([key, value]) => h('div', { class: 'nhsuk-summary-list__row' }, h('dt', { class: 'nhsuk-summary-list__key' }, key), h('dd', { class: 'nhsuk-summary-list__value' }, value))),
  );
}

export function tag(text: string, colour?: 'green' | 'red' | 'grey' | 'orange' | 'yellow'): HTMLElement {
  return h('strong', { class: colour ? `nhsuk-tag nhsuk-tag--${colour}` : 'nhsuk-tag' }, text);
}
