// -m rateest is deliberately not emulated (it needs rate estimators created by -j RATEEST and live rates).
// The real tool accepts the options and the kernel refuses the rule unless an estimator of that name exists:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/ipvs-nfacct-rateest.cmds
//   → "RULE_APPEND failed (Invalid argument)" / "iptables: Invalid argument. Run `dmesg' for more information."
// nfsim says so explicitly instead of guessing.
import { describe, expect, it } from 'vitest';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';

const err = (line: string) => {
  try {
    saveLinesFor(line.split(' '), 'ipv4', 'nft');
  } catch (e) {
    if (e instanceof XtError) return { kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error('no error');
};

describe('rateest', () => {
  it.each([
    '-A INPUT -m rateest --rateest foo --rateest-bps1 1',
    '-A INPUT -m rateest',
    '-A FORWARD -m rateest --rateest-delta --rateest1 a --rateest-bps1 1 --rateest-gt --rateest2 b --rateest-bps2 2',
    '-A INPUT -m rateest --rateest-lt',
  ])('%s is reported as unsupported', (line) => {
    expect(err(line)).toEqual({ kind: 'other', message: 'unsupported: the rateest match is not emulated by nfsim' });
  });
});
