// iptables-nft-restore --test holds back the table edits of chain lines until a -S/-L of the block lists the table
// (src/ops/restore.ts testChainLine, so the 30,000 chains of a kube-proxy dump are never built): listings, refusals
// and exit codes stay what building each chain at its line gave (the outputs below are that implementation's).
import { describe, expect, it } from 'vitest';
import { newRuleset } from '../src/model/ruleset.js';
import { restore } from '../src/ops/restore.js';

const run = (text: string, extra: { counters?: boolean; noflush?: boolean } = {}) => {
  const out = restore(text, newRuleset('ipv4'), { family: 'ipv4', flavor: 'nft', counters: false, noflush: false, test: true, verbose: 0, ...extra });
  return { stdout: out.stdout, stderr: out.stderr, status: out.status, changed: out.changed };
};

const EMPTY_L = 'target     prot opt source               destination         \n';

describe('nft --test: chain lines and listings', () => {
  const text = [
    '*filter', ':INPUT DROP [1:2]', ':FOO - [0:0]', ':BAR - [0:0]', '-A FOO -j ACCEPT', '-S', ':BAZ - [0:0]', '-L -n',
    ':OUTPUT BOGUS [0:0]', '-S FOO', 'COMMIT', '*nat', ':KUBE-X - [0:0]', '-S', 'COMMIT', '',
  ].join('\n');
  const expected =
    '-P INPUT DROP\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N BAR\n-N FOO\n' +
    `Chain INPUT (policy DROP)\n${EMPTY_L}\nChain FORWARD (policy ACCEPT)\n${EMPTY_L}\nChain OUTPUT (policy ACCEPT)\n${EMPTY_L}\n` +
    `Chain BAR (0 references)\n${EMPTY_L}\nChain BAZ (0 references)\n${EMPTY_L}\nChain FOO (0 references)\n${EMPTY_L}` +
    // the bad policy of OUTPUT is kept for COMMIT (never reached under --test); nothing is listed after it
    '-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-N KUBE-X\n';

  it.each([{}, { counters: true }, { noflush: true }])('lists the chains declared before each listing (%o)', (extra) => {
    expect(run(text, extra)).toStrictEqual({ stdout: expected, stderr: '', status: 0, changed: false });
  });

  it('a chain declared twice and -N: one chain, -N not applied', () => {
    const t = ['*filter', ':FOO - [0:0]', ':FOO - [0:0]', ':INPUT - [0:0]', '-N NEWC', '-S', 'COMMIT', ''].join('\n');
    expect(run(t).stdout).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N FOO\n');
  });

  it('policy counters are checked at their line', () => {
    const t = ['*filter', ':INPUT ACCEPT [x]', '-S', 'COMMIT', ''].join('\n');
    expect(run(t).stdout).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
    expect(run(t, { counters: true })).toStrictEqual({
      stdout: '',
      stderr: "iptables-restore v1.8.9 (nf_tables): invalid policy counters for chain 'INPUT'\nError occurred at line: 2\nTry `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
      status: 2,
      changed: false,
    });
  });
});
