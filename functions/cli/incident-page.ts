import type { StoredIncident } from '../alerts/stored-incident.ts';
import { htmlText as h } from './html-text.ts';
import { incidentDocument } from './incident-document.ts';
import type { TimeDisplay } from './time-display.ts';
import { timelineSvg } from './timeline-svg.ts';

/**
 * `incidents show ID --html FILE`: one self-contained page — inline CSS and SVG, no script, no external asset, and a
 * Content-Security-Policy that forbids loading anything — readable in light and dark (prefers-color-scheme).
 * Everything from logs and people is escaped (html-text.ts).
 */
export function incidentPage(incident: StoredIncident, display: TimeDisplay, now: Date): string {
  const doc = incidentDocument(incident, display, now);
  const list = (items: readonly string[]) =>
    `<ul>${items.map((i) => `<li>${h(i, 2000)}</li>`).join('')}</ul>`;
  // columns: [header, class of its cells] — `nowrap` for times and numbers, `key` for S3 keys that may break anywhere
  const table = (
    head: readonly (string | [string, string])[],
    rows: readonly (readonly (string | number)[])[],
    cls = '',
  ) => {
    const classes = head.map((c) => (typeof c === 'string' ? '' : ` class="${c[1]}"`));
    const names = head.map((c) => (typeof c === 'string' ? c : c[0]));
    return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${names.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c, i) => `<td${classes[i] ?? ''}>${h(c, 2000)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="color-scheme" content="light dark">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(`hivewatch incident ${incident.id} on ${incident.host}`)}</title>
<style>${Style}</style>
</head>
<body>
<header>
<p class="kicker">hivewatch incident <code>${h(incident.id)}</code></p>
<h1><span class="what">${h(doc.title)}</span></h1>
<p class="status status-${h(incident.status)}">${h(doc.status)}</p>
<p class="zone">Times in ${h(doc.zone)}.</p>
</header>
<main>
<section id="facts"><h2>Facts</h2><dl>${doc.facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v, 2000)}</dd>`).join('')}</dl></section>
<section id="timeline"><h2>Timeline</h2>
<figure>${timelineSvg(incident, doc.timeline, display)}
<figcaption>${Legend}${doc.sampleNote ? `<p class="sample-note">${h(doc.sampleNote)}</p>` : ''}</figcaption></figure>
${table(
  [['Time', 'nowrap'], ['What', 'nowrap'], ''],
  doc.moments.map((m) => [m.when, m.kind, m.text]),
  'moments',
)}
</section>
<section id="cause"><h2>Cause</h2>${doc.cause.map((l) => `<p>${h(l, 2000)}</p>`).join('')}</section>
<section id="fix"><h2>What to do</h2>
<h3>Now</h3>${list(doc.advice.now)}
<h3>For good</h3>${list(doc.advice.forGood)}
${doc.advice.cause.length > 0 ? `<h3>Because of how the identity logged on</h3>${list(doc.advice.cause)}` : ''}
</section>
<section id="clients"><h2>Failures per computer</h2>
${table(
  ['Computer', ['Failures', 'num'], ['First', 'nowrap'], ['Last', 'nowrap'], ['Sampled', 'num']],
  doc.lanes.map((l) => [l.name, l.count, l.first, l.last, l.sampled]),
)}${doc.otherClients ? `<p>${h(doc.otherClients)}</p>` : ''}</section>
<section id="evidence"><h2>Evidence</h2>
${table(
  [
    ['Kind', 'nowrap'],
    ['Time', 'nowrap'],
    'Event',
    'Computer · channel · record',
    ['S3 key @ byte offset', 'key'],
  ],
  doc.evidence.map((e) => [
    e.kind,
    e.when,
    e.event,
    `${e.computer} · ${e.channel} · ${e.recordId}`,
    `${e.source} @ ${e.offset}${e.shippedBy ? ` (shipped by ${e.shippedBy})` : ''}`,
  ]),
  'evidence',
)}</section>
<section id="alerts"><h2>Alerts</h2>
${
  doc.alerts.length > 0
    ? table(
        [['Alert', 'nowrap'], ['State', 'nowrap'], ''],
        doc.alerts.map((a) => [a.key, a.state, a.detail]),
      )
    : '<p>None decided.</p>'
}
</section>
<section id="audit"><h2>Audit trail</h2>
${
  doc.audit.length > 0
    ? table(
        [['When', 'nowrap'], ['Action', 'nowrap'], ['By', 'key'], 'Note', 'Outcome'],
        doc.audit.map((a) => [a.when, a.action, a.by, a.note, a.outcome]),
      )
    : '<p>Nobody has acknowledged or resolved it by hand.</p>'
}
</section>
</main>
<footer>Written by <code>hivewatch incidents show ${h(incident.id)} --html</code> at ${h(display.dateTime(now.getTime()))}.</footer>
</body>
</html>
`;
}

const Legend = `<ul class="legend">
<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><line class="marker marker-leak" x1="7" x2="7" y1="0" y2="14"/></svg> leak (Event 1530)</li>
<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><line class="marker marker-logoff" x1="7" x2="7" y1="0" y2="14"/></svg> logoff</li>
<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><line class="marker marker-restart" x1="7" x2="7" y1="0" y2="14"/></svg> restart</li>
<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><line class="marker marker-ineffective" x1="7" x2="7" y1="0" y2="14"/></svg> restart that did not fix it</li>
<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><line class="marker marker-ended" x1="7" x2="7" y1="0" y2="14"/></svg> ended</li>
<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="failure-legend" cx="7" cy="7" r="4"/></svg> a failure</li>
<li><svg viewBox="0 0 22 14" width="22" height="14" aria-hidden="true"><rect class="band-legend" x="1" y="2" width="20" height="10" rx="5"/></svg> first to last failure of a computer</li>
</ul>`;

const Style = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0; --lane: #f6f8fa;
  --band: #f5c68a; --mark: #c6262e; --leak: #8250df; --logoff: #9a6700; --restart: #1a7f37; --ineffective: #bc4c00;
  --open: #c6262e; --ok: #1a7f37; --code: #eff2f5; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --rule: #3d444d;
  --lane: #151b23; --band: #7a4e14; --mark: #ff7b72; --leak: #d2a8ff; --logoff: #e3b341; --restart: #3fb950;
  --ineffective: #f0883e; --open: #ff7b72; --ok: #3fb950; --code: #262c36; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.5rem; margin: 0.2rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; border-bottom: 1px solid var(--rule); padding-bottom: 4px; margin-top: 2rem; }
h3 { font-size: 1rem; margin-bottom: 0.2rem; }
code { background: var(--code); padding: 1px 4px; border-radius: 4px; }
.kicker, .zone, footer, .sample-note { color: var(--muted); }
.status { font-weight: 600; }
.status-open, .status-at-risk { color: var(--open); }
.status-resolved, .status-cleared { color: var(--ok); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--rule); overflow-wrap: break-word; }
th, .nowrap { white-space: nowrap; }
.num { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; }
.key { word-break: break-all; min-width: 14em; }
table.evidence { font-size: 0.85rem; }
th { color: var(--muted); font-weight: 600; }
figure { margin: 0; }
svg.timeline { display: block; background: var(--bg); }
.lane-bg { fill: var(--lane); }
.lane-label, .tick, .note { fill: var(--fg); font-size: 12px; font-family: inherit; }
.tick, .note { fill: var(--muted); }
.axis { stroke: var(--muted); stroke-width: 1; }
.grid { stroke: var(--rule); stroke-width: 1; }
.client-band, .band-legend { fill: var(--band); }
.failure-mark, .failure-legend { fill: var(--mark); stroke: var(--bg); stroke-width: 1; }
.marker { stroke-width: 2; }
.marker-leak { stroke: var(--leak); }
.marker-logoff { stroke: var(--logoff); stroke-dasharray: 4 3; }
.marker-restart { stroke: var(--restart); }
.marker-ineffective { stroke: var(--ineffective); stroke-dasharray: 2 3; }
.marker-ended { stroke: var(--ok); stroke-dasharray: 1 3; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 18px; color: var(--muted); font-size: 0.9rem; }
.legend svg { vertical-align: middle; }
`;
