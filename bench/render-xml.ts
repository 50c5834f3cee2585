import type { CorpusEvent } from './corpus-event.ts';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** How an event is written: Windows' own compact rendering, or libevtx / XML View pretty printing. */
export type RenderStyle = 'compact' | 'pretty';

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Windows renders CR LF in messages as numeric references; Data keeps raw line feeds. */
function escapeMessage(value: string): string {
  return escapeText(value).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/"/g, '&quot;');
}

/** Windows writes CR in Data as a character reference and LF raw; libevtx writes both raw. */
function escapeData(value: string): string {
  return escapeText(value).replace(/\r/g, '&#13;');
}

function escapeAttr(value: string, quote: string): string {
  const text = escapeText(value);
  return quote === "'" ? text.replace(/'/g, '&apos;') : text.replace(/"/g, '&quot;');
}

/** 7 fractional digits as Windows writes them, 9 as libevtx does. */
export function systemTime(ticks: bigint, digits: 7 | 9): string {
  const ms = Number(ticks / 10_000n);
  const frac = (ticks % 10_000_000n).toString().padStart(7, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${digits === 7 ? frac : `${frac}00`}Z`;
}

function padKeywords(keywords: string): string {
  return `0x${keywords.slice(2).padStart(16, '0')}`;
}

/** Renders one event; `pretty` uses double quotes, indentation, 9 digits and padded keywords. */
export function renderEvent(e: CorpusEvent, style: RenderStyle): string {
  const pretty = style === 'pretty';
  const q = pretty ? '"' : "'";
  const nl = pretty ? '\n' : '';
  const i1 = pretty ? '  ' : '';
  const i2 = pretty ? '    ' : '';
  const a = (name: string, value: string | number | undefined) =>
    value === undefined ? '' : ` ${name}=${q}${escapeAttr(String(value), q)}${q}`;
  const el = (name: string, value: string | number) => `${i2}<${name}>${value}</${name}>${nl}`;
  const p = e.provider;
  let x = `<Event xmlns=${q}${NS}${q}>${nl}${i1}<System>${nl}`;
  x += `${i2}<Provider${a('Name', p.name)}${a('Guid', p.guid)}${a('EventSourceName', p.eventSourceName)}/>${nl}`;
  x += `${i2}<EventID${a('Qualifiers', e.qualifiers)}>${e.eventId}</EventID>${nl}`;
  if (!e.classic) x += el('Version', e.version ?? 0);
  x += el('Level', e.level);
  x += el('Task', e.task);
  if (!e.classic) x += el('Opcode', e.opcode ?? 0);
  x += el('Keywords', pretty ? padKeywords(e.keywords) : e.keywords);
  x += `${i2}<TimeCreated${a('SystemTime', systemTime(e.ticks, pretty ? 9 : 7))}/>${nl}`;
  x += el('EventRecordID', e.recordId);
  if (!e.classic) {
    x += `${i2}<Correlation${a('ActivityID', e.activityId)}/>${nl}`;
    x += `${i2}<Execution${a('ProcessID', e.pid ?? 0)}${a('ThreadID', e.tid ?? 0)}/>${nl}`;
  }
  x += el('Channel', escapeText(e.channel));
  x += el('Computer', escapeText(e.computer));
  x += `${i2}<Security${a('UserID', e.userId)}/>${nl}${i1}</System>${nl}`;
  x += renderPayload(e, pretty, q);
  if (e.rendering && !pretty) x += renderRendering(e.rendering);
  return `${x}</Event>`;
}

function renderPayload(e: CorpusEvent, pretty: boolean, q: string): string {
  const nl = pretty ? '\n' : '';
  const i1 = pretty ? '  ' : '';
  const i2 = pretty ? '    ' : '';
  if (e.userData !== undefined) {
    return `${i1}<UserData>${nl}${i2}${pretty ? e.userData.replace(/'/g, '"') : e.userData}${nl}${i1}</UserData>${nl}`;
  }
  const d = e.eventData;
  if (!d) return '';
  const open = d.name === undefined ? '<EventData' : `<EventData Name=${q}${escapeAttr(d.name, q)}${q}`;
  if (d.items.length === 0 && d.binary === undefined) {
    return pretty ? `${i1}${open}/>${nl}` : `${open}></EventData>`;
  }
  let x = `${i1}${open}>${nl}`;
  for (const item of d.items) {
    const name = item.name === undefined ? '' : ` Name=${q}${escapeAttr(item.name, q)}${q}`;
    x += `${i2}<Data${name}>${pretty ? escapeText(item.value) : escapeData(item.value)}</Data>${nl}`;
  }
  if (d.binary !== undefined) x += `${i2}<Binary>${d.binary}</Binary>${nl}`;
  return `${x}${i1}</EventData>${nl}`;
}

function renderRendering(r: NonNullable<CorpusEvent['rendering']>): string {
  let x = `<RenderingInfo Culture='${r.culture}'><Message>${escapeMessage(r.message)}</Message>`;
  x += `<Level>${escapeText(r.level)}</Level>`;
  if (r.task !== undefined) x += `<Task>${escapeText(r.task)}</Task>`;
  if (r.opcode !== undefined) x += `<Opcode>${escapeText(r.opcode)}</Opcode>`;
  if (r.keywords)
    x += `<Keywords>${r.keywords.map((k) => `<Keyword>${escapeText(k)}</Keyword>`).join('')}</Keywords>`;
  return `${x}</RenderingInfo>`;
}
