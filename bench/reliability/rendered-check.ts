/**
 * Where hostile names end up in front of people: the alert as sent (subject, plain text, chat) and the incident's
 * HTML page (`incidents show --html`), opened in headless chromium as test/cli/incident-page.test.ts does.
 */
import type { AlertMessage } from '../../functions/alerts/notifier.port.ts';
import type { StoredIncident } from '../../functions/alerts/stored-incident.ts';
import { incidentPage } from '../../functions/cli/incident-page.ts';
import { timeDisplay } from '../../functions/cli/time-display.ts';
import { chromiumMissing, launchChromium, openOffline } from '../../test/cli/chromium.ts';

/** What must never reach an alert as is: markup, C0/C1 controls (line breaks aside), DEL, bidi and zero-width marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for.
const RAW = /[<>\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The alert's texts that carry raw hostile characters, named. */
export function alertMisses(alerts: readonly AlertMessage[]): string[] {
  return alerts.flatMap((alert, n) => {
    const misses: string[] = [];
    if (!/^[\x20-\x7e]*$/.test(alert.subject)) misses.push(`alert ${n} subject is not printable ASCII`);
    // metadata.additionalContext is machine data (custom actions' variables), like the SNS attributes: not shown
    const { additionalContext: _, ...metadata } = alert.chat?.metadata ?? {};
    const texts: [string, string][] = [
      ['subject', alert.subject],
      ['body', alert.body],
      ...strings([alert.chat?.content, metadata]).map((s, i): [string, string] => [`chat[${i}]`, s]),
    ];
    for (const [where, text] of texts) {
      const raw = RAW.exec(text);
      if (raw)
        misses.push(
          `alert ${n} ${where} has U+${(raw[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')} raw`,
        );
    }
    return misses;
  });
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

/**
 * Each incident's page in chromium, every request refused and counted: no element, handler, request or dialog may
 * come from the names, and each of `literals` must be shown as text.
 */
export async function pageMisses(
  incidents: readonly StoredIncident[],
  literals: readonly string[],
  now: Date,
): Promise<string[]> {
  const missing = chromiumMissing();
  if (missing) return [missing];
  browser ??= await launchChromium();
  const misses: string[] = [];
  for (const incident of incidents) {
    const { page, requests, dialogs } = await openOffline(
      browser.browser,
      incidentPage(incident, timeDisplay({ utc: true }), now),
    );
    const injected = await page
      .locator(
        'script, img, iframe, object, embed, link, a, b, [src], [href], [onerror], [onload], [onclick]',
      )
      .count();
    const text = (await page.locator('body').textContent()) ?? '';
    await page.close();
    if (injected > 0) misses.push(`page of ${incident.id}: ${injected} elements from the names`);
    if (requests.length > 0) misses.push(`page of ${incident.id} requested ${requests.join(' ')}`);
    if (dialogs.length > 0) misses.push(`page of ${incident.id} opened dialogs ${dialogs.join(' ')}`);
    for (const literal of literals)
      if (!text.includes(literal)) misses.push(`page of ${incident.id} does not show '${literal}' as text`);
  }
  return misses;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}
