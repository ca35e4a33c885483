#!/usr/bin/env bash
# Regenerates src/render/help-data.json: the help section each extension adds to `iptables -h` / `ip6tables -h`
# (`iptables-nft -m NAME -h` / `-j NAME -h` minus the base help), from the real iptables 1.8.9 in a throwaway
# network namespace. Needs root.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "capture-ext-help.sh: needs root" >&2; exit 2; }
cd "$(dirname "$0")/../../.."
ns="nfsim-help-$$"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
node - "$ns" <<'JS'
const { execFileSync, spawnSync } = require('node:child_process');
const { readdirSync, writeFileSync } = require('node:fs');
const ns = process.argv[2];
const out = { ipv4: {}, ipv6: {} };
const base = (fam) => execFileSync('ip', ['netns', 'exec', ns, `${fam}-nft`, '-h'], { encoding: 'utf8' });
for (const [fam, key] of [['iptables', 'ipv4'], ['ip6tables', 'ipv6']]) {
  const b = base(fam);
  for (const [dir, flag, prefix] of [['match', '-m', 'm'], ['target', '-j', 'j']]) {
    for (const f of readdirSync(`src/extensions/${dir}`).filter((n) => n.endsWith('.ts'))) {
      const name = f.slice(0, -3);
      const r = spawnSync('ip', ['netns', 'exec', ns, `${fam}-nft`, flag, name, '-h'], { encoding: 'utf8' });
      if (r.status !== 0 || !r.stdout.startsWith(b)) continue;
      out[key][`${prefix}:${name}`] = r.stdout.slice(b.length);
    }
  }
}
writeFileSync('src/render/help-data.json', JSON.stringify(out, null, 1) + '\n');
console.log(`ipv4 ${Object.keys(out.ipv4).length}, ipv6 ${Object.keys(out.ipv6).length} help sections`);
JS
