import type { StoredIncident } from '../alerts/stored-incident.ts';
import { eventTimeToMs } from '../reader/event-time.ts';
import { htmlText as h } from './html-text.ts';
import { type IncidentTimeline, type TimelineMoment, timelineSpan } from './incident-timeline.ts';
import { type TimeDisplay, zoneOffsetMs } from './time-display.ts';

/** Lanes drawn; the computers beyond are summed in one line (the table below the picture lists them all). */
export const LaneLimit = 40;

const Width = 960;
const Left = 190;
const Right = 24;
const AxisHeight = 34;
const LaneHeight = 26;

/** The kinds of moments drawn as vertical lines across the lanes, and the class that colours them. */
const MarkerClass: Partial<Record<TimelineMoment['kind'], string>> = {
  logoff: 'marker-logoff',
  leak: 'marker-leak',
  restart: 'marker-restart',
  'ineffective-restart': 'marker-ineffective',
  'restart-seen': 'marker-restart',
  ended: 'marker-ended',
};

/**
 * The incident as a picture: a time axis (in the reader's zone), the leak, the logoff and the restarts as vertical
 * lines, and one lane per reporting computer with a band from its first to its last failure and one mark per
 * sampled failure. Every text is escaped; styling comes from the page's classes (light and dark).
 */
export function timelineSvg(
  incident: StoredIncident,
  timeline: IncidentTimeline,
  display: TimeDisplay,
): string {
  const { start, end } = timelineSpan(incident, timeline);
  const pad = (end - start) * 0.03;
  const from = start - pad;
  const to = end + pad;
  const x = (time: string | number) => {
    const ms = typeof time === 'number' ? time : eventTimeToMs(time);
    return Left + ((ms - from) / (to - from)) * (Width - Left - Right);
  };
  const lanes = timeline.lanes.slice(0, LaneLimit);
  const hidden = timeline.lanes.slice(LaneLimit);
  const rows = lanes.length + (hidden.length > 0 || timeline.otherClientFailures ? 1 : 0);
  const height = AxisHeight + Math.max(1, rows) * LaneHeight + 12;
  const bottom = height - 8;
  const parts: string[] = [];
  parts.push(...axis(from, to, x, bottom, display));
  lanes.forEach((lane, i) => {
    const y = AxisHeight + i * LaneHeight;
    const mid = y + LaneHeight / 2;
    const x1 = x(lane.first);
    const x2 = Math.max(x(lane.last), x1 + 2);
    const tip = `${lane.name}: ${lane.count} failure${lane.count === 1 ? '' : 's'}, ${display.dateTime(lane.first)} → ${display.dateTime(lane.last)}`;
    parts.push(
      `<g class="lane" data-lane="${h(lane.name, 80)}">`,
      `<rect class="lane-bg" x="${Left}" y="${y + 2}" width="${Width - Left - Right}" height="${LaneHeight - 4}" rx="3"/>`,
      `<text class="lane-label" x="${Left - 8}" y="${mid + 4}" text-anchor="end">${h(lane.name, 28)} · ${lane.count}</text>`,
      `<rect class="client-band" x="${x1.toFixed(1)}" y="${mid - 5}" width="${(x2 - x1).toFixed(1)}" height="10" rx="5"><title>${h(tip)}</title></rect>`,
      ...lane.marks.map(
        (time) =>
          `<circle class="failure-mark" cx="${x(time).toFixed(1)}" cy="${mid}" r="4"><title>${h(`${lane.name} failure at ${display.dateTime(time, { ms: true })}`)}</title></circle>`,
      ),
      '</g>',
    );
  });
  if (rows > lanes.length) {
    const failures = hidden.reduce((n, l) => n + l.count, 0) + (timeline.otherClientFailures ?? 0);
    const y = AxisHeight + lanes.length * LaneHeight + LaneHeight / 2 + 4;
    parts.push(
      `<text class="lane-label more" x="${Left - 8}" y="${y}" text-anchor="end">+ ${hidden.length || 'more'} computers</text>`,
      `<text class="note" x="${Left}" y="${y}">${failures} more failures, not drawn (listed in the table below)</text>`,
    );
  }
  for (const moment of timeline.moments) {
    const cls = MarkerClass[moment.kind];
    const mx = x(moment.time);
    if (!cls || mx < Left - 1 || mx > Width - Right + 1) continue;
    parts.push(
      `<line class="marker ${cls}" x1="${mx.toFixed(1)}" x2="${mx.toFixed(1)}" y1="${AxisHeight - 6}" y2="${bottom}"><title>${h(`${moment.kind}: ${moment.text} — ${display.dateTime(moment.time, { ms: true })}`)}</title></line>`,
    );
  }
  const label = `Timeline of incident ${incident.id} on ${incident.host}: ${timeline.marks} sampled failures from ${timeline.lanes.length} computers`;
  return [
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${Width} ${height}" width="100%" role="img" aria-label="${h(label)}">`,
    ...parts,
    '</svg>',
  ].join('\n');
}

const Steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * 60_000);

/** Ticks at round times of the reader's zone, 4 to 8 of them, labelled with the clock (and the day past a day). */
function axis(from: number, to: number, x: (ms: number) => number, bottom: number, display: TimeDisplay) {
  const step = Steps.find((s) => (to - from) / s <= 8) ?? (Steps.at(-1) as number);
  const offset = zoneOffsetMs(display.zone, from);
  const first = Math.ceil((from + offset) / step) * step - offset;
  const long = to - from > 86_400_000;
  const parts = [
    `<line class="axis" x1="${Left}" x2="${Width - Right}" y1="${AxisHeight - 6}" y2="${AxisHeight - 6}"/>`,
  ];
  for (let tick = first; tick <= to; tick += step) {
    const tx = x(tick).toFixed(1);
    const text = long ? display.minute(tick).slice(5) : display.minute(tick).slice(11);
    parts.push(
      `<line class="grid" x1="${tx}" x2="${tx}" y1="${AxisHeight - 6}" y2="${bottom}"/>`,
      `<text class="tick" x="${tx}" y="${AxisHeight - 12}" text-anchor="middle">${h(text)}</text>`,
    );
  }
  return parts;
}
