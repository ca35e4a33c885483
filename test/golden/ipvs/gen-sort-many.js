// Writes sort-many.cmds: 200 services and 60 real servers at addresses spread over the whole IPv4 space (so the
// comparator's int wrap-around matters), in a fixed pseudo-random order. node test/golden/ipvs/gen-sort-many.js
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let seed = 12345;
const rnd = (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const ip = () => `${1 + rnd(254)}.${rnd(256)}.${rnd(256)}.${1 + rnd(254)}`;
const lines = ['# 200 services and 60 real servers spread over the IPv4 space: the sort order with the comparator\'s wrap-around'];
const seen = new Set();
const svcs = [];
while (svcs.length < 200) {
  const proto = ['-t', '-t', '-u', '--sctp-service'][rnd(4)];
  const s = `${proto} ${ip()}:${[80, 443, 53, 8080, 1 + rnd(65535)][rnd(5)]}`;
  if (seen.has(s)) continue;
  seen.add(s);
  svcs.push(s);
  lines.push(`ipvsadm -A ${s} -s rr`);
}
for (let i = 0; i < 8; i++) lines.push(`ipvsadm -A -f ${[1 + rnd(100), 2147483000 + rnd(2000), 4294967000 + rnd(295)][rnd(3)]} -s rr`);
for (let i = 0; i < 60; i++) lines.push(`ipvsadm -a ${svcs[rnd(3)]} -r ${ip()}:${1 + rnd(65535)} -m -w ${rnd(10)}`);
lines.push('ipvsadm -Ln', 'ipvsadm -Sn', 'ipvsadm -L --stats');
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'sort-many.cmds'), lines.join('\n') + '\n');
