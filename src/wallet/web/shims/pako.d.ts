// The part of pako 2 (no bundled types) the web wallet's node:zlib shim uses.
declare module 'pako' {
  export class Inflate {
    constructor(options?: { windowBits?: number });
    onData: (chunk: Uint8Array) => void;
    push(data: Uint8Array, final: boolean): boolean;
    err: number;
    msg: string;
  }
}
