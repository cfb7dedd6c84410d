// Finds the web links in a plain-text message, so the outbox viewer can make them clickable.
// Only http and https: a viewer must never turn message text into a javascript: or data: link.

// A run of characters that may appear in a URL (RFC 3986 §2), starting at a scheme.
const candidate = /\bhttps?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/gi;

/** Sentence punctuation after a link belongs to the sentence (e.g. "…at https://x.test/a."). */
function trimTrailing(url: string): string {
  let out = url.replace(/[.,;:!?'*]+$/, '');
  // A closing bracket belongs to the link only if the link opened one.
  while (out.endsWith(')') && (out.match(/\(/g)?.length ?? 0) < (out.match(/\)/g)?.length ?? 0)) out = out.slice(0, -1).replace(/[.,;:!?'*]+$/, '');
  return out;
}

/** The distinct http(s) URLs in `text`, in order of appearance. */
export function extractLinks(text: string): string[] {
  const links: string[] = [];
  for (const match of text.matchAll(candidate)) {
    const url = trimTrailing(match[0]);
    if (!URL.canParse(url)) continue;
    const { protocol, hostname } = new URL(url);
    if ((protocol === 'http:' || protocol === 'https:') && hostname && !links.includes(url)) links.push(url);
  }
  return links;
}
