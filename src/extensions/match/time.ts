// -m time (libxt_time.c, x6 parser): daytime, weekdays, monthdays and date range, UTC or --kerneltz.
import { otherProblem, paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { strtoumax } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';

const ALL_MONTHDAYS = 0xfffffffe;
const ALL_WEEKDAYS = 0xfe;
const MAX_DAYTIME = 24 * 60 * 60 - 1;
const INT_MAX = 0x7fffffff;
/** XT_TIME_LOCAL_TZ / XT_TIME_CONTIGUOUS */
const F_LOCAL_TZ = 1, F_CONTIGUOUS = 2;
const WEEK_DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface TimeData {
  dateStart: number;
  dateStop: number;
  daytimeStart: number;
  daytimeStop: number;
  monthdays: number;
  weekdays: number;
  flags: number;
}
const d = (inst: ExtInstance) => inst.data as unknown as TimeData;

/** C strtoul(s + pos, &end, base) truncated to unsigned int */
function strtoulU32(s: string, pos: number, base: number): { v: number; end: number } {
  const r = strtoumax(s, base, pos);
  return { v: Number(r.value & 0xffffffffn), end: r.end };
}

/** time_parse_date(): YYYY[-MM[-DD[Thh[:mm[:ss]]]]] as UTC seconds */
function parseDate(os: string): number {
  const bad = () => paramProblem(`Invalid date "${os}" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]`);
  const f = [1970, 1, 1, 0, 0, 0];
  const seps = ['-', '-', 'T', ':', ':', ''];
  const max = [2038, 12, 31, 23, 59, 59];
  let pos = 0;
  for (let k = 0; k < 6; k++) {
    const r = strtoulU32(os, pos, 10);
    const e = os[r.end];
    const sepOk = e === undefined || (seps[k] !== '' && e === seps[k]);
    if (!sepOk || r.v > max[k] || (k === 0 && r.v < 1970)) throw bad();
    f[k] = r.v;
    if (e === undefined) break;
    pos = r.end + 1;
  }
  const ret = Date.UTC(f[0], f[1] - 1, f[2], f[3], f[4], f[5]) / 1000;
  if (ret < 0) throw otherProblem('mktime returned an error');
  return ret >>> 0;
}

/** time_parse_minutes(): hh:mm[:ss] → seconds of the day */
function parseDaytime(s0: string): number {
  let s = s0;
  const bad = () => paramProblem(`invalid time "${s}" specified, should be hh:mm[:ss] format and within the boundaries`);
  const h = strtoulU32(s, 0, 10);
  if (s[h.end] !== ':' || h.v > 23) throw bad();
  s = s.slice(h.end + 1);
  const m = strtoulU32(s, 0, 10);
  if ((m.end < s.length && s[m.end] !== ':') || m.v > 59) throw bad();
  let sec = 0;
  if (m.end < s.length) {
    s = s.slice(m.end + 1);
    const r = strtoulU32(s, 0, 10);
    if (r.end < s.length || r.v > 59) throw bad();
    sec = r.v;
  }
  return 3600 * h.v + 60 * m.v + sec;
}

/** my_strseg(): comma-separated pieces, each cut to buflen-1 characters */
function segments(arg: string, buflen: number): string[] {
  if (arg === '') return [];
  const out: string[] = [];
  let rest: string | undefined = arg;
  while (rest !== undefined && rest !== '') {
    const i: number = rest.indexOf(',');
    const piece: string = i < 0 ? rest : rest.slice(0, i);
    out.push(Buffer.from(piece, 'utf8').subarray(0, buflen - 1).toString('latin1'));
    rest = i < 0 ? undefined : rest.slice(i + 1);
  }
  return out;
}

function parseMonthdays(arg: string): number {
  let ret = 0;
  for (const day of segments(arg, 3)) {
    const r = strtoulU32(day, 0, 0);
    if ((r.end < day.length && day[r.end] !== ',') || r.v > 31) throw paramProblem(`${day} is not a valid day for --monthdays`);
    ret = (ret | (1 << r.v)) >>> 0;
  }
  return ret;
}

function parseWeekdays(arg: string): number {
  let ret = 0;
  for (const day of segments(arg, 4)) {
    const r = strtoulU32(day, 0, 0);
    if (r.end >= day.length) {
      if (r.v === 0) throw paramProblem('No, the week does NOT begin with Sunday.');
      ret = (ret | (1 << (r.v & 31))) >>> 0;
      continue;
    }
    let valid = false;
    for (let i = 1; i < WEEK_DAYS.length; i++) {
      if (day.length >= 2 && day.slice(0, 2) === WEEK_DAYS[i].slice(0, 2)) {
        ret = (ret | (1 << i)) >>> 0;
        valid = true;
      }
    }
    if (!valid) throw paramProblem(`${day} is not a valid day specifier`);
  }
  return ret & 0xff;
}

const p2 = (n: number) => String(n).padStart(2, '0');
const hms = (t: number) => `${p2(Math.floor(t / 3600))}:${p2(Math.floor(t / 60) % 60)}:${p2(t % 60)}`;

/** time_print_date(): nothing for 0 */
function dateText(date: number, command: string | undefined): string {
  if (date === 0) return '';
  const t = new Date(date * 1000);
  const day = `${String(t.getUTCFullYear()).padStart(4, '0')}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())}`;
  const time = `${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}`;
  return command !== undefined ? ` ${command} ${day}T${time}` : ` ${day} ${time}`;
}

function monthdaysText(mask: number, human: boolean): string {
  const parts: string[] = [];
  for (let i = 1; i <= 31; i++) {
    if (!((mask >>> i) & 1)) continue;
    let s = String(i);
    if (human) s += i % 10 === 1 ? 'st' : i % 10 === 2 ? 'nd' : i % 10 === 3 ? 'rd' : 'th';
    parts.push(s);
  }
  return ' ' + parts.join(',');
}

function weekdaysText(mask: number): string {
  const parts: string[] = [];
  for (let i = 1; i <= 7; i++) if (mask & (1 << i)) parts.push(WEEK_DAYS[i]);
  return ' ' + parts.join(',');
}

/**
 * The kernel's order: the date range, then the daytime (a start after the stop wraps over midnight, and with
 * --contiguous the early part counts as the previous day), then the weekday (Mon=1 … Sun=7), then the monthday.
 */
function timeWhy(t: TimeData, now: number): string | undefined {
  let stamp = Math.floor(now);
  if (stamp < t.dateStart || stamp > t.dateStop) return `date ${dateText(stamp, undefined).trim()} outside the date range`;
  const packetTime = ((stamp % 86400) + 86400) % 86400;
  if (t.daytimeStart < t.daytimeStop) {
    if (packetTime < t.daytimeStart || packetTime > t.daytimeStop) return `time ${hms(packetTime)} not in ${hms(t.daytimeStart)}-${hms(t.daytimeStop)}`;
  } else {
    if (packetTime < t.daytimeStart && packetTime > t.daytimeStop) return `time ${hms(packetTime)} not in ${hms(t.daytimeStart)}-${hms(t.daytimeStop)}`;
    if (t.flags & F_CONTIGUOUS && packetTime <= t.daytimeStop) stamp -= 86400;
  }
  const dse = Math.floor(stamp / 86400);
  const weekday = ((4 + dse - 1) % 7 + 7) % 7 + 1;
  if (!(t.weekdays & (1 << weekday))) return `weekday ${WEEK_DAYS[weekday]} not in${weekdaysText(t.weekdays)}`;
  if (t.monthdays !== ALL_MONTHDAYS) {
    const mday = new Date(stamp * 1000).getUTCDate();
    if (!((t.monthdays >>> mday) & 1)) return `monthday ${mday} not in${monthdaysText(t.monthdays, false)}`;
  }
  return undefined;
}

const time: ExtensionDef = {
  kind: 'match',
  name: 'time',
  revision: 0,
  options: [
    { name: 'datestart', type: 'string' },
    { name: 'datestop', type: 'string' },
    { name: 'timestart', type: 'string' },
    { name: 'timestop', type: 'string' },
    { name: 'contiguous', type: 'none' },
    { name: 'weekdays', type: 'string', invert: true },
    { name: 'monthdays', type: 'string', invert: true },
    { name: 'localtz', type: 'none', excl: ['utc'] },
    { name: 'utc', type: 'none', excl: ['localtz', 'kerneltz'] },
    { name: 'kerneltz', type: 'none', excl: ['utc'] },
  ],
  init(data) {
    Object.assign(data, {
      dateStart: 0, dateStop: INT_MAX, daytimeStart: 0, daytimeStop: MAX_DAYTIME,
      monthdays: ALL_MONTHDAYS, weekdays: ALL_WEEKDAYS, flags: 0,
    });
  },
  parse(cb) {
    const t = cb.data as unknown as TimeData;
    const arg = cb.arg ?? '';
    switch (cb.opt.name) {
      case 'datestart': t.dateStart = parseDate(arg); break;
      case 'datestop': t.dateStop = parseDate(arg); break;
      case 'timestart': t.daytimeStart = parseDaytime(arg); break;
      case 'timestop': t.daytimeStop = parseDaytime(arg); break;
      case 'contiguous': t.flags |= F_CONTIGUOUS; break;
      case 'localtz':
        cb.warn?.('WARNING: --localtz is being replaced by --kerneltz, since "local" is ambiguous. Note the kernel timezone has caveats - see manpage for details.\n');
        t.flags |= F_LOCAL_TZ;
        break;
      case 'kerneltz': t.flags |= F_LOCAL_TZ; break;
      case 'monthdays':
        t.monthdays = parseMonthdays(arg);
        if (cb.invert) t.monthdays = (t.monthdays ^ ALL_MONTHDAYS) >>> 0;
        break;
      case 'weekdays':
        t.weekdays = parseWeekdays(arg);
        if (cb.invert) t.weekdays ^= ALL_WEEKDAYS;
        break;
    }
  },
  finalCheck(fc) {
    const t = fc.data as unknown as TimeData;
    if (fc.seen.has('contiguous') && t.daytimeStart < t.daytimeStop) {
      throw paramProblem('time: --contiguous only makes sense when stoptime is smaller than starttime');
    }
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (t.daytimeStart !== 0 || t.daytimeStop !== MAX_DAYTIME) out += ` --timestart ${hms(t.daytimeStart)} --timestop ${hms(t.daytimeStop)}`;
    if (t.monthdays !== ALL_MONTHDAYS) out += ' --monthdays' + monthdaysText(t.monthdays, false);
    if (t.weekdays !== ALL_WEEKDAYS) out += ' --weekdays' + weekdaysText(t.weekdays);
    out += dateText(t.dateStart, '--datestart');
    out += dateText(t.dateStop, '--datestop');
    if (t.flags & F_LOCAL_TZ) out += ' --kerneltz';
    if (t.flags & F_CONTIGUOUS) out += ' --contiguous';
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = ' TIME';
    if (t.daytimeStart !== 0 || t.daytimeStop !== MAX_DAYTIME) out += ` from ${hms(t.daytimeStart)} to ${hms(t.daytimeStop)}`;
    if (t.weekdays !== ALL_WEEKDAYS) out += ' on' + weekdaysText(t.weekdays);
    if (t.monthdays !== ALL_MONTHDAYS) out += ' on' + monthdaysText(t.monthdays, true);
    if (t.dateStart !== 0) out += ' starting from' + dateText(t.dateStart, undefined);
    if (t.dateStop !== INT_MAX) out += ' until date' + dateText(t.dateStop, undefined);
    if (!(t.flags & F_LOCAL_TZ)) out += ' UTC';
    if (t.flags & F_CONTIGUOUS) out += ' contiguous';
    return out;
  },
  // time_mt(): env.now as UTC seconds (--kerneltz/--localtz are taken as UTC: the emulated kernel's sys_tz is 0)
  match(inst, env) {
    return timeWhy(d(inst), env.now) === undefined;
  },
  whyNot(inst, env) {
    return timeWhy(d(inst), env.now) ?? 'time';
  },
};

export default time;
