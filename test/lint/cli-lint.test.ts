// nfsim lint through main() with in-memory io: formats, exit codes, control options, config file, --explain, stdin,
// escaping of hostile text, and SARIF output validated against the official SARIF 2.1.0 schema.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import AjvModule from 'ajv-draft-04';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { MemoryStore } from '../../src/cli/state.js';
import { RULES } from '../../src/lint/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'nfsim-lint-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const BAD = file('bad.rules', '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22x -j ACCEPT\n-A INPUT -m multiport --dports 80,443 -j ACCEPT\n-A INPUT -j NOPE\nCOMMIT\n');
const WARN = file('warn.rules', '*filter\n-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n');
const CLEAN = file('clean.rules', '*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n');

async function lint(args: string[], stdin = '', env: Record<string, string> = {}, isTTY = false) {
  const io = memoryIo(stdin, env);
  io.isTTY = isTTY;
  const code = await main(['lint', ...args], io, 'nfsim', new MemoryStore());
  return { code, out: io.out, err: io.err };
}

describe('nfsim lint CLI', () => {
  it('stylish: code frames with the word underlined, a summary, exit 1 on errors; every error of the file in one run', async () => {
    const r = await lint([BAD]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`error[NF1001]: invalid port/service \`22x' specified\n --> ${BAD}:3:25\n`);
    expect(r.out).toContain('3 | -A INPUT -p tcp --dport 22x -j ACCEPT\n  |                         ^^^\n');
    expect(r.out).toContain(`error[NF2005]: port match without -p tcp|udp|sctp|dccp: multiport needs`);
    expect(r.out).toContain(`error[NF2001]: jump to undefined chain NOPE in table filter\n --> ${BAD}:5:13\n`);
    expect(r.out).toContain('✖ 3 problems (3 errors, 0 warnings, 0 info)\n');
    expect(r.out).not.toContain('\x1b[');
  });
  it('exit 0 on a clean file, with no output; warnings alone exit 0 unless over --max-warnings', async () => {
    expect(await lint([CLEAN])).toEqual({ code: 0, out: '', err: '' });
    expect((await lint([WARN])).code).toBe(0);
    expect((await lint([WARN, '--max-warnings', '1'])).code).toBe(0);
    const over = await lint([WARN, '--max-warnings', '0']);
    expect(over.code).toBe(1);
    expect(over.err).toContain('too many warnings (1, --max-warnings 0)');
  });
  it('gcc and github formats', async () => {
    const g = await lint([BAD, '--format', 'gcc']);
    expect(g.out.split('\n')[0]).toBe(`${BAD}:3:25: error: invalid port/service \`22x' specified [NF1001]`);
    const w = await lint([WARN, '--format', 'github']);
    expect(w.out).toBe(`::warning file=${BAD.replace('bad.rules', 'warn.rules')},line=3,col=1,endColumn=9,title=NF2006::rule can never be reached: rule 1 (line 2) (-j DROP) ends chain INPUT for every packet\n`);
  });
  it('json format', async () => {
    const r = await lint([BAD, '--format', 'json']);
    const j = JSON.parse(r.out);
    expect(j.errorCount).toBe(3);
    expect(j.files[0].diagnostics[0]).toMatchObject({ code: 'NF1001', rule: 'parse-error', severity: 'error', line: 3, column: 25, endColumn: 28 });
  });
  it('sarif validates against the official SARIF 2.1.0 schema', async () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
    const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
    const ajv = new (Ajv as unknown as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } })({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    for (const f of [BAD, WARN, CLEAN]) {
      const r = await lint([f, '--format', 'sarif']);
      const doc = JSON.parse(r.out);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      expect(doc.runs[0].tool.driver.rules).toHaveLength(RULES.length);
    }
    const doc = JSON.parse((await lint([BAD, '--format', 'sarif'])).out);
    expect(doc.runs[0].results[0]).toMatchObject({ ruleId: 'NF1001', level: 'error', locations: [{ physicalLocation: { region: { startLine: 3, startColumn: 25, endColumn: 28 } } }] });
    // a broken document is refused (the validator is not vacuous)
    doc.runs[0].results[0].level = 'fatal';
    expect(validate(doc)).toBe(false);
  });
  it('--disable, --enable, --severity', async () => {
    expect((await lint([BAD, '--disable', 'NF1001,NF2005', '--disable', 'NF2001'])).code).toBe(1);
    // the real tool still refuses the block at its COMMIT
    expect((await lint([BAD, '--disable', 'NF1001,NF2005', '--disable', 'NF2001,NF1000'])).code).toBe(0);
    const s = await lint([WARN, '--severity', 'NF2006=error', '--format', 'gcc']);
    expect(s.code).toBe(1);
    expect(s.out).toContain(': error: rule can never be reached');
    const cfg = file('off.json', JSON.stringify({ rules: { NF2006: 'off' } }));
    expect((await lint([WARN, '--config', cfg, '--enable', 'NF2006'])).out).toContain('NF2006');
    expect((await lint([WARN, '--severity', 'NF9999=error'])).code).toBe(2);
    expect((await lint([WARN, '--severity', 'NF2006=loud'])).code).toBe(2);
  });
  it('config file: --config, or .nfsimlintrc.json found from the working directory upwards', async () => {
    const cfg = file('cfg.json', JSON.stringify({ rules: { NF2006: 'off' } }));
    expect((await lint([WARN, '--config', cfg])).out).toBe('');
    const root = mkdtempSync(join(tmpdir(), 'nfsim-lintrc-'));
    writeFileSync(join(root, '.nfsimlintrc.json'), JSON.stringify({ rules: { NF2006: 'error' } }));
    const sub = join(root, 'a', 'b');
    (await import('node:fs')).mkdirSync(sub, { recursive: true });
    const io = memoryIo();
    const code = await (await import('../../src/cli/lint-cmd.js')).runLint([WARN, '--format', 'gcc'], { io, cwd: sub });
    expect(code).toBe(1);
    expect(io.out).toContain(': error: ');
    const broken = file('broken.json', '{');
    expect((await lint([WARN, '--config', broken])).code).toBe(2);
  });
  it('suppression comments: disable-next-line (codes or all) and disable-file', async () => {
    const text = '*filter\n-A INPUT -j DROP\n# nfsim-lint disable-next-line NF2006\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n';
    expect(await lint(['-'], text)).toEqual({ code: 0, out: '', err: '' });
    const other = text.replace('NF2006', 'NF2007');
    expect((await lint(['-', '--format', 'gcc'], other)).out).toBe('<stdin>:4:1: warning: rule can never be reached: rule 1 (line 2) (-j DROP) ends chain INPUT for every packet [NF2006]\n');
    expect((await lint(['-'], text.replace(' NF2006', '')))).toMatchObject({ code: 0, out: '' });
    expect((await lint(['-'], '# nfsim-lint disable-file NF2006\n' + text.replace(/# nfsim.*\n/, '')))).toMatchObject({ code: 0, out: '' });
  });
  it('fatal: unreadable file, bad arguments exit 2', async () => {
    const r = await lint([join(dir, 'missing.rules')]);
    expect(r).toMatchObject({ code: 2 });
    expect(r.err).toContain('cannot read');
    expect((await lint(['--format', 'xml', CLEAN])).code).toBe(2);
    expect((await lint(['--max-warnings', 'x', CLEAN])).code).toBe(2);
    expect((await lint(['--type', 'nft', CLEAN])).code).toBe(2);
  });
  it('ipvsadm -S files: detected, every ipvsadm -R error at its word, the IPVS rules', async () => {
    const text = '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.1.1:8080 -g -w 1\n-A -t 10.0.0.2:443 -s nosuch\n' +
      '-A -u 10.0.0.3:53 -s rr -M 255.255.255.0\n-a -t 10.0.0.9:80 -r 10.0.1.3:80 -m -w 1\n-a -t 10.0.0.1:80 -r 10.0.1.300 -m\n-A -t 10.0.0.4:80 --bogus\n';
    const r = await lint(['-', '--format', 'gcc'], text);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      '<stdin>:2:22: warning: real server 10.0.1.1:8080 uses direct routing (-g) but its port 8080 differs from the service port 80: ipvsadm adds it at port 80 [NF2017]\n' +
        '<stdin>:3:23: error: Scheduler or persistence engine not found [NF1002]\n' +
        '<stdin>:4:7: warning: virtual service -u 10.0.0.3:53 has no real servers: new connections to it get ICMP port unreachable [NF2016]\n' +
        '<stdin>:4:28: warning: virtual service -u 10.0.0.3:53 has -M 255.255.255.0 but no -p: the netmask only groups clients of a persistent service, and is ignored [NF2018]\n' +
        '<stdin>:5:7: error: Service not defined [NF1002]\n' +
        '<stdin>:6:22: error: illegal real server address[:port] specified [NF1001]\n' +
        '<stdin>:7:19: error: --bogus: unknown option [NF1001]\n',
    );
    const j = JSON.parse((await lint(['-', '--format', 'json'], text)).out);
    expect(j.files[0].type).toBe('ipvs');
    expect(j.files[0].diagnostics.find((d: { line: number }) => d.line === 6).notes).toEqual(['ipvsadm -R exits here (status 2): the lines after it are not applied']);
    // a clean save file, and --type forcing it (a file detection would take for something else)
    expect(await lint(['-'], '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1\n')).toEqual({ code: 0, out: '', err: '' });
    const forced = await lint(['-', '--type', 'ipvs', '--format', 'gcc'], '-C\n-A -f 7 -s rr\n');
    expect(forced.out).toBe('<stdin>:2:7: warning: virtual service -f 7 has no real servers: new connections to it get ICMP port unreachable [NF2016]\n');
    const sarif = JSON.parse((await lint(['-', '--format', 'sarif'], text)).out);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['NF2017', 'NF1002', 'NF2016', 'NF2018', 'NF1002', 'NF1001', 'NF1001']);
    const gh = await lint(['-', '--format', 'github'], text);
    expect(gh.out.split('\n')[0]).toBe('::warning file=<stdin>,line=2,col=22,endColumn=35,title=NF2017::real server 10.0.1.1:8080 uses direct routing (-g) but its port 8080 differs from the service port 80: ipvsadm adds it at port 80');
  });
  it('ipset save files: detected, every ipset restore error at its word; --type ipset', async () => {
    const text = 'create allowed hash:ip family inet hashsize 1024 maxelem 65536\nadd allowed 10.0.0.1\nadd allowed 10.0.0.300\n' +
      'add nosuch 10.0.0.1\ncreate bad hash:foo\nadd bad 1.2.3.4\ncreate allowed hash:ip family inet hashsize 1024 maxelem 65536\nadd allowed 10.0.0.1\n';
    const r = await lint(['-', '--format', 'gcc'], text);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      '<stdin>:3:13: error: Syntax error: cannot parse 10.0.0.300: resolving to IPv4 address failed [NF1001]\n' +
        '<stdin>:4:5: error: The set with the given name does not exist [NF1002]\n' +
        "<stdin>:5:12: error: Syntax error: typename 'hash:foo' is unknown [NF1001]\n" +
        '<stdin>:7:8: error: Set cannot be created: set with the same name already exists [NF1002]\n' +
        "<stdin>:8:13: error: Element cannot be added to the set: it's already added [NF1002]\n",
    );
    expect(JSON.parse((await lint(['-', '--format', 'json'], text)).out).files[0]).toMatchObject({ type: 'ipset' });
    expect(await lint(['-'], 'create a hash:ip family inet hashsize 1024 maxelem 65536\nadd a 10.0.0.1\n')).toEqual({ code: 0, out: '', err: '' });
    expect((await lint(['-', '--type', 'ipset', '--format', 'gcc'], 'flush\nadd x 1.2.3.4\n')).out).toBe('<stdin>:2:5: error: The set with the given name does not exist [NF1002]\n');
  });
  it('an ipset save file and a rule file in one run: its sets count as defined, with their types and families', async () => {
    const sets = file('run.ipset', 'create allowed hash:ip family inet hashsize 1024 maxelem 65536\ncreate svc hash:ip,port family inet hashsize 1024 maxelem 65536\ncreate six hash:net family inet6 hashsize 1024 maxelem 65536\n');
    const rules = file('run.rules', '*filter\n-A INPUT -m set --match-set allowed src -j ACCEPT\n-A INPUT -m set --match-set svc dst -j ACCEPT\n-A INPUT -m set --match-set six src -j DROP\n-A INPUT -m set --match-set gone src -j DROP\n-A INPUT -m set --match-set allowed src,dst -j ACCEPT\nCOMMIT\n');
    const r = await lint([rules, sets, '--format', 'gcc']);
    expect(r.out).toBe(
      `${rules}:3:33: warning: set svc (hash:ip,port) has 2 dimensions but the rule gives 1 direction flag (dst): the match never matches (the kernel's ip_set_test() refuses a lookup with fewer flags than dimensions) [NF2019]\n` +
        `${rules}:4:29: error: set six is IPv6 (family inet6) but the rule is iptables (IPv4): iptables refuses it [NF2020]\n` +
        `${rules}:5:29: error: set gone is used but not defined [NF2015]\n` +
        `${rules}:6:37: warning: set allowed (hash:ip) has 1 dimension but the rule gives 2 direction flags (src,dst): the kernel uses the first 1 and ignores the rest [NF2019]\n`,
    );
    // the same through --ipset, whose own errors are reported with it
    expect((await lint([rules, '--ipset', sets, '--format', 'gcc'])).out).toBe(r.out);
    const broken = file('broken.ipset', 'create allowed hash:ip family inet\nadd allowed 10.0.0.300\n');
    expect((await lint([CLEAN, '--ipset', broken, '--format', 'gcc'])).out).toBe(`${broken}:2:13: error: Syntax error: cannot parse 10.0.0.300: resolving to IPv4 address failed [NF1001]\n`);
  });
  it('scripts: ipset and ipvsadm commands through the same emulations', async () => {
    const script = '#!/bin/sh\nipset create svc hash:ip,port family inet\nipset add svc 10.0.0.1,tcp:80\nipset add svc 10.0.0.1,tcp:99999\n' +
      'iptables -A INPUT -m set --match-set svc dst -j ACCEPT\nipvsadm -A -t 10.0.0.1:80 -s rr\nipvsadm -a -t 10.0.0.1:80 -r 10.0.1.1:80 -m -w 0\nipset restore < sets.save\nipvsadm -R < ipvs.rules\n';
    const r = await lint(['-', '--format', 'gcc'], script);
    expect(r.out).toBe(
      "<stdin>:4:15: error: Syntax error: cannot parse '99999' as a port [NF1001]\n" +
        "<stdin>:5:42: warning: set svc (hash:ip,port) has 2 dimensions but the rule gives 1 direction flag (dst): the match never matches (the kernel's ip_set_test() refuses a lookup with fewer flags than dimensions) [NF2019]\n" +
        '<stdin>:6:15: warning: virtual service -t 10.0.0.1:80 has only real servers of weight 0: new connections to it get ICMP port unreachable [NF2016]\n',
    );
  });
  it('--ipset FILE defines the sets (NF2015)', async () => {
    const sets = file('sets.save', 'create allowed hash:ip family inet hashsize 1024 maxelem 65536\n');
    const rules = '*filter\n-A INPUT -m set --match-set allowed src -j ACCEPT\n-A INPUT -m set --match-set blocked src -j DROP\nCOMMIT\n';
    const r = await lint(['-', '--ipset', sets, '--format', 'gcc'], rules);
    expect(r.out).toBe('<stdin>:3:29: error: set blocked is used but not defined [NF2015]\n');
    expect((await lint(['-'], rules)).code).toBe(0);
  });
  it('scripts: each iptables/ip6tables command parsed, errors at the word; expansions skipped', async () => {
    const script = '#!/bin/sh\nIPT=iptables\niptables -P INPUT DROP\niptables -A INPUT -i lo -j ACCEPT\niptables -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n' +
      'iptables -A INPUT --dport 22 -j ACCEPT\nip6tables -A INPUT -s 10.0.0.1 -j ACCEPT\n$IPT -A INPUT -s $LAN -j ACCEPT\niptables -A INPUT -s "$LAN" -j ACCEPT\niptables -D INPUT -j OLD 2>/dev/null || true\n';
    const r = await lint(['-', '--format', 'gcc'], script);
    expect(r.out).toBe(
      '<stdin>:6:19: error: port match without -p tcp|udp|sctp|dccp: unknown option "--dport" [NF2005]\n' +
        "<stdin>:7:23: error: IPv4 address `10.0.0.1' in an ip6tables (IPv6) rule [NF2013]\n",
    );
  });
  it('control characters from the file are escaped in every format', async () => {
    const text = '*filter\n:EVIL\x1b[31m - [0:0]\nCOMMIT\n';
    for (const f of ['stylish', 'gcc', 'github', 'json', 'sarif']) {
      const r = await lint(['-', '--format', f], text);
      expect(r.out, f).not.toContain('\x1b');
      expect(r.out.length, f).toBeGreaterThan(0);
    }
  });
  it('colour only on a TTY, and never with NO_COLOR or --no-color', async () => {
    expect((await lint([BAD], '', {}, true)).out).toContain('\x1b[');
    expect((await lint([BAD], '', { NO_COLOR: '1' }, true)).out).not.toContain('\x1b[');
    expect((await lint([BAD, '--no-color'], '', {}, true)).out).not.toContain('\x1b[');
  });
  it('--explain prints the rule, its documentation and examples; unknown code exits 2', async () => {
    const r = await lint(['--explain', 'nf2007']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NF2007 shadowed-rule \(warning\)\n/);
    expect(r.out).toContain('Bad (reported at line 3, column 1):\n    *filter\n    -A INPUT -s 10.0.0.0/8 -j ACCEPT\n');
    expect(r.out).toContain('Good:\n');
    expect((await lint(['--explain', 'NF0000'])).code).toBe(2);
  });
});
