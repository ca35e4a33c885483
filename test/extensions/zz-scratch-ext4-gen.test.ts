import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadGolden, shellWords } from './golden-rules.js';
import { replayExt } from './golden-replay-ext.js';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';
import { configureIpsets, registerIpset } from '../../src/extensions/match/set.js';
import { configureNfacct, registerNfacct } from '../../src/extensions/match/nfacct.js';
const groups = ['set', 'set-with-ipsets', 'extra:set-extra', 'physdev', 'string', 'extra:string-extra', 'tos-dscp', 'policy', 'rpfilter', 'socket', 'time', 'u32', 'extra:bpf-cluster', 'extra:ipvs-nfacct-rateest', 'extra:ipcomp-mh', 'extra:rt-hbh-dst-eui64', 'extra:nfacct', 'extra:time-u32-policy-edges', 'extra:more-matches-ext4'];
it('gen', () => {
  const out: Record<string, unknown> = {};
  for (const g of groups) {
    const res = replayExt(g, 'nft');
    const gold = loadGolden(g, 'nft');
    configureIpsets([]); configureNfacct([]);
    const cmds = gold.cmds.map((c) => {
      const words = shellWords(c.cmd);
      const prog = words.shift()!;
      if (prog === 'ipset') { if (c.exit === 0) registerIpset(words[1], words.includes('inet6') ? 'ipv6' : words[2] === 'list:set' ? 'unspec' : 'ipv4'); return { cmd: c.cmd, prog }; }
      if (prog === 'nfacct') { if (c.exit === 0) registerNfacct(words[1]); return { cmd: c.cmd, prog }; }
      let emu: string | undefined; let msg: string | undefined;
      try { emu = saveLinesFor(words, prog === 'ip6tables' ? 'ipv6' : 'ipv4', 'nft'); } catch (e) { if (e instanceof XtError) msg = e.message; else throw e; }
      return { cmd: c.cmd, prog, words, exit: c.exit, stderr: c.stderr, emu, msg };
    });
    const reparse: Record<string, boolean> = {};
    for (const r of res) {
      const m = /^list (ipv[46]):(\w+) \S+ #\d+: (.*)$/.exec(r.cmd);
      if (!m) continue;
      const words = ['-t', m[2], ...(m[3].match(/"((?:[^"\\]|\\.)*)"|(\S+)/g) ?? []).map((w) => (w.startsWith('"') ? w.slice(1, -1).replace(/\\(.)/g, '$1') : w))];
      try {
        reparse[r.cmd] = saveLinesFor(words, m[1] as 'ipv4', 'nft').trimEnd() === m[3];
      } catch {
        reparse[r.cmd] = false;
      }
    }
    out[g] = { results: res, cmds, save: Object.fromEntries(gold.save), reparse };
  }
  writeFileSync('/tmp/cap/gen.json', JSON.stringify(out));
});
