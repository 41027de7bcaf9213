/**
 * A value's JSON as UTF-8 bytes, encoded once per object: a cached answer is sent many times, and
 * the same bytes go out each time (no new buffer per response for the collector to catch up
 * with). Caches weigh their entries by it too.
 */
const encoded = new WeakMap<object, Uint8Array<ArrayBuffer>>();
const utf8 = new TextEncoder();

export function jsonBytes(value: object): Uint8Array<ArrayBuffer> {
  let bytes = encoded.get(value);
  if (bytes === undefined) encoded.set(value, (bytes = utf8.encode(JSON.stringify(value))));
  return bytes;
}
