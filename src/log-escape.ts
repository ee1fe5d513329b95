/**
 * Log lines carry what clients send (paths, methods, error messages): a `%0a` in a path must not
 * forge a second line, nor a `%1b[31m` reach the terminal raw. Every control character (C0, DEL,
 * C1) and the two Unicode line separators are escaped, in text and JSON lines alike.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field of a text log line, with control characters written as escapes. */
export function escapeText(value: unknown): string {
  return String(value).replace(CONTROL, (ch) => NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify escapes C0 characters already; this escapes DEL, C1 and the line separators too. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
