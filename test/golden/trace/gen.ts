// Command-line entry for the trace goldens (bundled with esbuild by capture.sh / stats, no tsx needed):
//   write DIR FROM TO   write DIR/<seed>.rules and DIR/<seed>.packet for seeds FROM..TO (inclusive)
//   show SEED           print one generated case
//   stats [DIR]         coverage statistics of the goldens (markdown), from the generator and the kernel traces
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTraceCaseInfo } from '../../support/trace-gen.js';
import { TRACE_GOLDEN_DIR, normalizeTrace, readTraceGolden, ruleText, traceGoldenFiles } from '../../support/trace-golden.js';

function write(dir: string, from: number, to: number) {
  mkdirSync(dir, { recursive: true });
  for (let s = from; s <= to; s++) {
    const c = generateTraceCaseInfo(s);
    writeFileSync(join(dir, `${s}.rules`), c.rules);
    writeFileSync(join(dir, `${s}.packet`), c.packet + '\n');
  }
}

function stats(dir: string) {
  const files = traceGoldenFiles(dir);
  const gen = new Map<string, number>();
  const kern = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let usable = 0;
  let rules = 0;
  const exits = new Map<string, number>();
  for (const f of files) {
    const g = readTraceGolden(f);
    const info = generateTraceCaseInfo(g.seed);
    rules += info.ruleCount;
    bump(exits, `exit ${g.exit}`);
    bump(gen, `start path ${info.path}`);
    bump(gen, `packet ${info.packet.split(' ')[0]}`);
    for (const x of info.features) bump(gen, x);
    const n = normalizeTrace(g.lines);
    if (g.exit !== 0 || !n.result) continue;
    usable++;
    const seen = new Set<string>();
    const add = (k: string) => {
      if (!seen.has(k)) seen.add(k), bump(kern, k);
    };
    for (const l of n.path) {
      const w = l.split(' ');
      if (w[0] === 'HOOK') add(`hook ${w[1]}`);
      else if (w[0] === 'LOOPBACK') add('LOOPBACK (lo re-entry)');
      else if (w[0] === 'RULE') {
        add(`matched rule in ${w[1]}`);
        add(`verdict ${w[4]}`);
        const text = ruleText(g.rules, w[1], w[2], Number(w[3]));
        if (text === undefined) throw new Error(`${f}: no rule for ${l}`);
        const target = /(?:^| )-[jg] (\S+)/.exec(text)?.[1] ?? '(none)';
        add(`fired ${/ -g /.test(text) ? 'goto' : target === w[5] ? 'jump' : target}`);
        for (const m of text.matchAll(/ -m (\S+)/g)) if (m[1] !== 'tcp' && m[1] !== 'udp' && m[1] !== 'icmp') add(`matched rule uses -m ${m[1]}`);
        if (/ --ctstate /.test(text)) add(`matched rule uses --ctstate ${/ --ctstate (\S+)/.exec(text)![1]}`);
      } else if (w[0] === 'POLICY') add(`policy ${w[3]} reached`);
      else if (w[0] === 'RESULT') {
        add(w[1] === 'DROP' ? `result DROP in ${w[3]}` : w[1] === 'VANISHED' ? `result VANISHED ${w[2]} ${w[3]}` : `result ${l.slice(7)}`);
        if (w[1] === 'DROP') {
          const prev = n.path[n.path.indexOf(l) - 1];
          const pw = prev.split(' ');
          add(pw[0] === 'POLICY' ? 'DROP by policy' : `DROP by ${/-j (REJECT|DROP)/.exec(ruleText(g.rules, pw[1], pw[2], Number(pw[3]))!)?.[1]} rule`);
        }
      }
    }
    // NAT visible in the headers: a LEAVE differing from the HOOK of the same hook
    const hooks = new Map<string, string>();
    for (const l of n.path) {
      const m = /^(HOOK|LEAVE) (\S+) (?:in=\S+ out=\S+ )?(.*)$/.exec(l);
      if (!m) continue;
      const hdr = m[3].replace(/ mark=\S+$/, '');
      if (m[1] === 'HOOK') hooks.set(m[2], hdr);
      else if (hooks.get(m[2]) !== undefined && hooks.get(m[2]) !== hdr) add(`address rewritten in ${m[2]}`);
    }
    if (n.path.some((l) => / mark=/.test(l))) add('packet mark visible');
    if (n.localSendError) add('LOCAL-SEND-ERROR EPERM');
    if (n.ctNew) add('CT NEW');
    else add('no CT NEW');
    if (n.ctNew && / mark=/.test(n.ctNew.line)) add('ct mark');
    const startsOut = g.packet.includes('in=local');
    const fwd = n.path.some((l) => l.startsWith('HOOK FORWARD'));
    const inp = n.path.some((l) => l.startsWith('HOOK INPUT'));
    if (!startsOut && info.path === 'INPUT' && fwd) add('DNAT turned INPUT into FORWARD');
    if (!startsOut && info.path === 'FORWARD' && inp) add('DNAT turned FORWARD into INPUT');
  }
  const table = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, v]) => `| ${k} | ${v} |`).join('\n');
  console.log(`${files.length} cases (${[...exits].map(([k, v]) => `${k}: ${v}`).join(', ')}), ${rules} rules in all; ${usable} usable (exit 0 with a RESULT line)\n`);
  console.log('Generator side (what the rulesets contain; a feature may not be reached by the packet):\n');
  console.log('| feature | cases |\n|---|---|\n' + table(gen) + '\n');
  console.log('Kernel side (what the traces show; usable cases):\n');
  console.log('| observed | cases |\n|---|---|\n' + table(kern));
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'write') write(args[0], Number(args[1]), Number(args[2]));
else if (cmd === 'show') {
  const c = generateTraceCaseInfo(Number(args[0]));
  process.stdout.write(`# path ${c.path}; features: ${c.features.join(' ')}\n${c.packet}\n${c.rules}`);
} else if (cmd === 'stats') stats(args[0] ?? TRACE_GOLDEN_DIR);
else {
  console.error('usage: gen.mjs write DIR FROM TO | show SEED | stats [DIR]');
  process.exit(2);
}
