// `Buffer` for the web wallet's bundle (injected by esbuild where the core names the global):
// the core uses it only as `Buffer.from(text | bytes, encoding)` and `.toString(encoding)` for
// base64url, UTF-8 and ASCII, so that is all this offers; other encodings throw.
import { fromBase64, toBase64url } from './encoding.ts';

class WalletBuffer extends Uint8Array {
  override toString(encoding = 'utf8'): string {
    if (encoding === 'base64url') return toBase64url(this);
    if (encoding === 'base64') return btoa(String.fromCharCode(...this));
    if (encoding === 'utf8' || encoding === 'utf-8') return new TextDecoder().decode(this);
    if (encoding === 'ascii' || encoding === 'latin1') return String.fromCharCode(...this);
    throw new TypeError(`Buffer shim: encoding ${encoding} is not available in the web wallet`);
  }
}

function bytesOf(text: string, encoding: string): Uint8Array {
  if (encoding === 'base64url' || encoding === 'base64') return fromBase64(text);
  if (encoding === 'utf8' || encoding === 'utf-8') return new TextEncoder().encode(text);
  if (encoding === 'ascii' || encoding === 'latin1') return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  throw new TypeError(`Buffer shim: encoding ${encoding} is not available in the web wallet`);
}

export const Buffer = {
  from(value: string | ArrayLike<number> | ArrayBuffer, encoding = 'utf8'): WalletBuffer {
    if (typeof value === 'string') return new WalletBuffer(bytesOf(value, encoding));
    return new WalletBuffer(value instanceof ArrayBuffer ? new Uint8Array(value) : Array.from(value));
  },
  alloc(size: number, fill = 0): WalletBuffer {
    return new WalletBuffer(size).fill(fill);
  },
  concat(parts: readonly Uint8Array[]): WalletBuffer {
    const out = new WalletBuffer(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  },
  isBuffer(value: unknown): boolean {
    return value instanceof WalletBuffer;
  },
};
