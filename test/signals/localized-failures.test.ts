import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LOCALIZED_KEY_DELETED } from '../../functions/signals/detection-rules.ts';
import { keyDeletedIn } from '../../functions/signals/key-deleted.ts';
import { localizedComplusError } from '../../samples/failure-forms.ts';
import { escapeNonAscii } from '../../samples/fluent-bit-escapes.ts';
import { encodeText, renderEvents, TEXT_ENCODINGS } from '../../samples/render-events.ts';
import { at, signalsFrom, signalsOfBytes } from './sample-signals.ts';

// issue 9: what a real Russian server writes, with no hex code at all.
const RUSSIAN = 'Попытка произвести недопустимую операцию над параметром реестра, отмеченным для удаления.';
// Quoted from the exception a zh-CN Windows raised on a deleted key (a developer's note in a public repository).
const CHINESE = '试图在标记为删除的注册表项上进行不合法的操作';
// The wording of older Windows, as public error-code tables copy it.
const CHINESE_OLDER = '试图在标记为删除的注册表项上运行不合法的操作';

const APP01 = 'APP01.corp.example.net';

describe('the localized system message of ERROR_KEY_DELETED', () => {
  it("the table holds the issue's Russian text exactly, and each entry matches its own whole phrase", () => {
    expect(LOCALIZED_KEY_DELETED.find((l) => l.language === 'ru-RU')?.phrase).toBe(RUSSIAN);
    for (const entry of LOCALIZED_KEY_DELETED) {
      expect(entry.phrase).toContain(entry.match);
      expect(entry.source.length).toBeGreaterThan(0);
      expect(keyDeletedIn([entry.phrase])?.form).toBe('localized');
    }
  });

  it.each([
    ['ru-RU (issue 9)', RUSSIAN],
    ['zh-CN (observed exception text)', CHINESE],
    ['zh-CN (older Windows wording)', CHINESE_OLDER],
  ])('%s in a COM+ error is a server-side failure of form "localized"', async (_, message) => {
    const spec = localizedComplusError({ computer: APP01, time: at(1), recordId: 1, systemMessage: message });
    expect(await signalsFrom([spec])).toEqual([
      expect.objectContaining({ kind: 'failure', failure: 'server-error', host: 'app01', form: 'localized' }),
    ]);
  });

  it('near misses in the same languages raise nothing', () => {
    expect(keyDeletedIn(['Параметр отмечен для удаления администратором.'])).toBeUndefined();
    expect(keyDeletedIn(['文件已标记为删除'])).toBeUndefined();
  });

  describe('the reader finds it without decoding everything, in every encoding and shape', () => {
    const specs = [RUSSIAN, CHINESE].map((systemMessage, i) =>
      localizedComplusError({ computer: APP01, time: at(i), recordId: i + 1, systemMessage }),
    );
    for (const encoding of TEXT_ENCODINGS) {
      for (const style of ['wevtutil', 'event-viewer', 'libevtx', 'fluent-bit'] as const) {
        it(`${style} in ${encoding}, gzip`, async () => {
          const bytes = gzipSync(encodeText(renderEvents(specs, style, encoding), encoding));
          const found = await signalsOfBytes(bytes, { decode: 'candidates' });
          expect(found.map((s) => s.kind === 'failure' && s.form)).toEqual(['localized', 'localized']);
        });
      }
    }

    it('Fluent Bit JSON with the text escaped as \\uXXXX, as the shipper writes it', async () => {
      const text = escapeNonAscii(renderEvents(specs, 'fluent-bit'));
      expect(text).toContain('\\u041f'); // П
      expect([...text].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
      const found = await signalsOfBytes(Buffer.from(text, 'utf8'), { decode: 'candidates' });
      expect(found).toHaveLength(2);
    });

    it('written with numeric character references it is still found', async () => {
      const spec = localizedComplusError({ computer: APP01, time: at(1), recordId: 1, systemMessage: 'x' });
      const raw = [...RUSSIAN].map((c) => `&#${c.codePointAt(0)};`).join('');
      const found = await signalsFrom(
        [{ ...spec, data: [{ raw }] }],
        { style: 'wevtutil' },
        { decode: 'candidates' },
      );
      expect(found).toEqual([expect.objectContaining({ form: 'localized' })]);
    });
  });
});
