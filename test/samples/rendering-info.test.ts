import { describe, expect, it } from 'vitest';
import { renderEventXml } from '../../samples/render-events.ts';
import { seededRandom } from '../../samples/seeded-random.ts';

const event = {
  provider: { name: 'SecurityCenter' },
  eventId: 15,
  qualifiers: 0,
  timeCreated: '2026-11-20T07:14:05.1454614Z',
  recordId: 366,
  channel: 'Application',
  computer: 'APP01.corp.example.net',
  data: [{ value: 'Windows Defender' }, { value: 'SECURITY_PRODUCT_STATE_ON' }],
  message: 'Updated Windows Defender status successfully to SECURITY_PRODUCT_STATE_ON.',
};
const rendering = (xml: string) => xml.slice(xml.indexOf('<RenderingInfo'), xml.indexOf('</Event>'));

describe('RenderingInfo as Event Viewer writes it (windows-export/Application.xml.gz)', () => {
  it('a classic source: Level, Task, Opcode and Keywords after the message (the SecurityCenter 15 there)', () => {
    const xml = renderEventXml({
      ...event,
      rendering: { level: 'Information', task: 'None', opcode: 'Info', keywords: ['Classic'] },
    });
    expect(rendering(xml)).toBe(
      "<RenderingInfo Culture='en-US'><Message>Updated Windows Defender status successfully to SECURITY_PRODUCT_STATE_ON.</Message>" +
        '<Level>Information</Level><Task>None</Task><Opcode>Info</Opcode><Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo>',
    );
  });

  it('a manifest provider: Level, Provider and Keywords (the Security-SPP 16384 there)', () => {
    const xml = renderEventXml({
      ...event,
      rendering: { level: 'Information', provider: 'Microsoft-Windows-Security-SPP', keywords: ['Classic'] },
    });
    expect(rendering(xml)).toMatch(
      /<\/Message><Level>Information<\/Level><Provider>Microsoft-Windows-Security-SPP<\/Provider><Keywords><Keyword>Classic<\/Keyword><\/Keywords><\/RenderingInfo>$/,
    );
  });

  it('without rendering names: the level’s name and the provider, as the scenarios have always been written', () => {
    expect(rendering(renderEventXml({ ...event, level: 2 }))).toMatch(
      /<\/Message><Level>Error<\/Level><Provider>SecurityCenter<\/Provider><\/RenderingInfo>$/,
    );
  });
});

describe('the samples’ PRNG', () => {
  it('draws the same sequence for the same seed, and weighted picks follow the weights', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    expect([a.guid(), a.hex(6, true), a.int(1, 9)]).toEqual([b.guid(), b.hex(6, true), b.int(1, 9)]);
    expect(a.guid(true)).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
    const counts = { x: 0, y: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        a.weighted([
          [9, 'x'],
          [1, 'y'],
        ] as const)
      ]++;
    expect(counts.x / 10_000).toBeCloseTo(0.9, 1);
    expect(() => a.pick([])).toThrow(RangeError);
  });
});
