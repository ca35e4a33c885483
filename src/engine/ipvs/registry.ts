// The schedulers by name, as `ipvsadm -s NAME` binds them (ip_vs_scheduler_get).
import type { SchedulerDef } from './scheduler.js';
import { rr } from './schedulers/rr.js';
import { wrr } from './schedulers/wrr.js';
import { lc } from './schedulers/lc.js';
import { wlc } from './schedulers/wlc.js';
import { sed } from './schedulers/sed.js';
import { nq } from './schedulers/nq.js';
import { sh } from './schedulers/sh.js';
import { dh } from './schedulers/dh.js';
import { mh } from './schedulers/mh.js';
import { lblc } from './schedulers/lblc.js';
import { lblcr } from './schedulers/lblcr.js';
import { fo } from './schedulers/fo.js';
import { ovf } from './schedulers/ovf.js';
import { twos } from './schedulers/twos.js';

const ALL = [rr, wrr, lc, wlc, sed, nq, sh, dh, mh, lblc, lblcr, fo, ovf, twos] as SchedulerDef<unknown>[];
const BY_NAME = new Map(ALL.map((s) => [s.name, s]));

export function findScheduler(name: string): SchedulerDef<unknown> | undefined {
  return BY_NAME.get(name);
}

export const SCHEDULER_NAMES: readonly string[] = ALL.map((s) => s.name);
