import { KEY_DELETED_DWORD, KEY_DELETED_FORMS } from './detection-rules.ts';
import type { FailureForm } from './signal.ts';

export interface KeyDeletedHit {
  form: FailureForm;
  /** The text that carries it (for a Binary DWORD, a short description). */
  text: string;
}

/** The first form of ERROR_KEY_DELETED (in rule order) that any of the texts carries. */
export function keyDeletedIn(texts: readonly string[]): KeyDeletedHit | undefined {
  for (const rule of KEY_DELETED_FORMS) {
    const text = texts.find((t) => rule.pattern.test(t));
    if (text !== undefined) return { form: rule.form, text };
  }
  return undefined;
}

/** Whether a text carries ERROR_KEY_DELETED in any form. */
export function carriesKeyDeleted(text: string): boolean {
  return KEY_DELETED_FORMS.some((rule) => rule.pattern.test(text));
}

/** Byte offset of 0x800703FA stored as a little-endian DWORD at a DWORD boundary of the hex, or -1. */
export function keyDeletedDwordAt(hex: string): number {
  const digits = hex.replace(/\s+/g, '').toUpperCase();
  for (let i = 0; i + 8 <= digits.length; i += 8) {
    if (digits.startsWith(KEY_DELETED_DWORD, i)) return i / 2;
  }
  return -1;
}

/** `<Binary>` hex decoded as text, each way text is written into it (ANSI, UTF-8, UTF-16LE). */
export function binaryTexts(hex: string): string[] {
  const bytes = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  if (bytes.length === 0) return [];
  return [bytes.toString('latin1'), bytes.toString('utf8'), bytes.toString('utf16le')];
}

/** What a `<Binary>` tells: the DWORD form first, else text decoded from it. */
export function keyDeletedInBinary(hex: string): KeyDeletedHit | undefined {
  const at = keyDeletedDwordAt(hex);
  if (at >= 0) return { form: 'binary', text: `0x800703FA in Binary (little-endian DWORD at byte ${at})` };
  return keyDeletedIn(binaryTexts(hex));
}
