/**
 * Storage keys allow `[a-zA-Z0-9:._\s-#]`; the parts the app builds keys from are ids, but anything else in
 * them is escaped.
 */
export function safeKeyPart(value: string): string {
  return value.replace(/[^a-zA-Z0-9:._-]/g, (c) => `#${c.charCodeAt(0).toString(16)}`);
}
