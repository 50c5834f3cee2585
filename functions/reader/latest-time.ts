import { normaliseSystemTime } from './event-time.ts';

const SYSTEM_TIME = Buffer.from('SystemTime=', 'latin1');

/**
 * The latest TimeCreated among events that are counted but not decoded: the horizon of an offline
 * scan ("24 h of event time without a failure"). Compares the seconds first and normalises only
 * values that can be the new latest.
 */
export class LatestTime {
  value: string | undefined;
  private seconds = '';

  see(buf: Buffer, start: number, end: number): void {
    const at = buf.indexOf(SYSTEM_TIME, start);
    if (at < 0 || at >= end) return;
    const quote = buf[at + 11];
    const close = buf.indexOf(quote === 34 ? '"' : "'", at + 12, 'latin1');
    if (close < 0 || close >= end || close - at > 60) return;
    const raw = buf.toString('latin1', at + 12, close);
    const utc = raw.endsWith('Z');
    if (utc && raw.slice(0, 19) < this.seconds) return;
    const time = normaliseSystemTime(raw);
    if (time === undefined || (this.value !== undefined && time <= this.value)) return;
    this.value = time;
    this.seconds = time.slice(0, 19);
  }

  merge(other: LatestTime): void {
    if (other.value !== undefined && (this.value === undefined || other.value > this.value)) {
      this.value = other.value;
      this.seconds = other.value.slice(0, 19);
    }
  }
}
