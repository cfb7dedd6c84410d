// The simulator's stand-in for the selfie a real identity app takes: a small greyscale
// head-and-shoulders silhouette, encoded as a baseline JPEG (ITU-T T.81) so it is exactly the kind
// of value a DigitalIdentity `photograph` holds (base64 JPEG, DOMAIN.md §5.3).
//
// No image library is needed: every 8×8 block is one flat grey, so each block is only its DC
// coefficient (T.81 §F.1.2.1, with the Annex K.3 luminance DC Huffman table) followed by
// end-of-block. The AC table therefore holds a single code, '0' for EOB (T.81 §C: a code of
// all 1-bits is reserved, a lone 1-bit '0' is not). The picture is drawn at block resolution,
// which is blocky on purpose: nobody should mistake it for a photograph of a real person.

const BLOCK = 8;
const WIDTH_BLOCKS = 12;
const HEIGHT_BLOCKS = 15;

/** Annex K.3 Table K.3: luminance DC code lengths (counts per length 1..16) and symbols. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** Canonical Huffman codes from the code-length counts (T.81 Annex C). */
function huffmanCodes(bits: readonly number[], values: readonly number[]): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]!; i++) codes.set(values[k++]!, { code: code++, length });
    code <<= 1;
  }
  return codes;
}

const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      this.used++;
      if (this.used === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    // T.81 §F.1.2.3: a 0xFF in entropy-coded data is followed by a stuffed zero byte.
    if (this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.used = 0;
  }

  /** Pads the last byte with 1-bits (T.81 §F.1.2.3) and returns the bytes. */
  finish(): number[] {
    if (this.used > 0) this.write(0x7f, 8 - this.used);
    return this.bytes;
  }
}

function segment(marker: number, payload: readonly number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

/** A baseline greyscale JPEG whose 8×8 blocks have the given grey levels (0–255), row by row. */
export function encodeBlockJpeg(blocks: readonly (readonly number[])[]): Uint8Array {
  const heightBlocks = blocks.length;
  const widthBlocks = blocks[0]?.length ?? 0;
  if (heightBlocks === 0 || widthBlocks === 0 || blocks.some((row) => row.length !== widthBlocks)) throw new TypeError('blocks must be a non-empty rectangle');
  const width = widthBlocks * BLOCK;
  const height = heightBlocks * BLOCK;

  const out: number[] = [0xff, 0xd8]; // SOI
  out.push(...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])); // APP0 JFIF 1.01, aspect 1:1
  out.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)])); // DQT: table 0, 8-bit, all ones
  out.push(...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0])); // SOF0, one component
  out.push(...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES])); // DHT: DC table 0
  out.push(...segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00])); // DHT: AC table 0, EOB only
  out.push(...segment(0xda, [1, 1, 0x00, 0, 63, 0])); // SOS

  const bits = new BitWriter();
  let previous = 0;
  for (const row of blocks) {
    for (const grey of row) {
      const level = Math.max(0, Math.min(255, Math.round(grey)));
      // A flat block's DC coefficient is 8 × (level − 128) (T.81 §A.3.3, with quantiser 1).
      const dc = 8 * (level - 128);
      const diff = dc - previous;
      previous = dc;
      const magnitude = Math.abs(diff);
      const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
      const { code, length } = DC_CODES.get(category)!;
      bits.write(code, length);
      // T.81 §F.1.2.1.1: negative differences are sent as diff − 1 in `category` bits.
      if (category > 0) bits.write(diff >= 0 ? diff : diff + (1 << category) - 1, category);
      bits.write(0, 1); // EOB
    }
  }
  out.push(...bits.finish());
  out.push(0xff, 0xd9); // EOI
  return Uint8Array.from(out);
}

/**
 * The placeholder photo: a light background, a darker head and shoulders, 96 × 120 pixels.
 * Deterministic, the same for everyone; `shade` (0–1) varies the background a little so two
 * people's placeholders can be told apart side by side.
 */
export function placeholderPhotoJpeg(shade = 0.5): Uint8Array {
  const background = 205 + Math.round(Math.max(0, Math.min(1, shade)) * 30);
  const blocks: number[][] = [];
  for (let y = 0; y < HEIGHT_BLOCKS; y++) {
    const row: number[] = [];
    for (let x = 0; x < WIDTH_BLOCKS; x++) {
      const cx = x + 0.5 - WIDTH_BLOCKS / 2;
      const head = (cx / 2.8) ** 2 + ((y + 0.5 - 5) / 3.4) ** 2 <= 1;
      const neck = y === 8 && Math.abs(cx) <= 1;
      const shoulders = y >= 9 && Math.abs(cx) <= 2.5 + (y - 9) * 1.4;
      row.push(head || neck ? 96 : shoulders ? 70 : background);
    }
    blocks.push(row);
  }
  return encodeBlockJpeg(blocks);
}

/** The placeholder as a DigitalIdentity `photograph` value: base64 (not base64url) JPEG. */
export function placeholderPhotoBase64(shade?: number): string {
  return Buffer.from(placeholderPhotoJpeg(shade)).toString('base64');
}
