#!/usr/bin/env node
// Regenerates test/mutation/sources/*.rules from real dumps (dependency-free, deterministic).
// Large dumps are trimmed per table: the *table line, the built-in chain policy lines, the
// first MAX_RULES rule lines, the user-chain declarations those rules need, and COMMIT.
// Comment lines between tables are kept.  Usage: node test/mutation/make-sources.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HERE = import.meta.dirname;
const WILD = '/work/shared/corpus-wild';
const GOLD = join(HERE, '..', 'golden');
const MAX_RULES = 24;

export const SOURCES = [
  ['ringofsaturn.rules', join(WILD, 'Ringofsaturn_com__iptables-save/input.rules')],
  ['docker-topos.rules', join(WILD, 'docker_topos__iptables-save.topos4.1/input.rules')],
  ['sargon.rules', join(WILD, 'sargon__iptables-save.txt/input.rules')],
  ['openvpn-eu.rules', join(WILD, 'openvpn.eu__iptables-save/input.rules')],
  ['home-user.rules', join(WILD, 'config_home_user__typical_home_user_iptables-save/input.rules')],
  ['medium-company.rules', join(WILD, 'medium-sized-company__iptables-save/input.rules')],
  ['ufw.rules', join(GOLD, 'frontends/ufw/input.rules')],
  ['kube-proxy-svc200.rules', join(GOLD, 'kube-proxy/svc200.rules')],
];

function trim(text) {
  const lines = text.split('\n');
  const out = [];
  let table = null; // { head, policies: [], decls: Map, rules: [] }
  for (const l of lines) {
    if (table === null) {
      if (l.startsWith('*')) table = { head: l, policies: [], decls: new Map(), rules: [], order: [] };
      else out.push(l);
      continue;
    }
    if (l === 'COMMIT') {
      const used = new Set();
      for (const r of table.rules) {
        const w = r.split(/\s+/);
        for (let i = 0; i < w.length - 1; i++) if (['-A', '-I', '-j', '-g', '--jump', '--goto'].includes(w[i])) used.add(w[i + 1]);
      }
      out.push(table.head);
      for (const c of table.order) {
        const d = table.decls.get(c);
        if (!/^:\S+ - /.test(d + ' ') || used.has(c)) out.push(d);
      }
      out.push(...table.rules, 'COMMIT');
      table = null;
      continue;
    }
    if (l.startsWith(':')) {
      const name = l.slice(1).split(/\s+/)[0];
      table.decls.set(name, l);
      table.order.push(name);
    } else if (l.startsWith('#') || l === '') {
      // comments inside a table block are dropped with the trimmed rules
    } else if (table.rules.length < MAX_RULES) table.rules.push(l);
  }
  return out.join('\n');
}

if (process.argv[1] === import.meta.filename) {
  for (const [name, src] of SOURCES) {
    const t = trim(readFileSync(src, 'utf8'));
    writeFileSync(join(HERE, 'sources', name), t);
    console.log(`${name}: ${t.split('\n').length - 1} lines from ${src}`);
  }
}
