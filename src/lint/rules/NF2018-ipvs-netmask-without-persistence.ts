// NF2018: an IPVS service with a persistence netmask (-M) but no persistence (-p): the mask has no effect.
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF2018',
  name: 'ipvs-netmask-without-persistence',
  severity: 'warning',
  message: 'virtual service {service} has -M {mask} but no -p: the netmask only groups clients of a persistent service, and is ignored',
  description:
    'The persistence netmask (-M/--netmask) says which clients share a persistence template: clients in the same ' +
    'masked network go to the same real server. ipvsadm accepts -M on a service without -p (the option table lets ' +
    'it through) and the kernel stores it, but only persistent scheduling reads it, so nothing groups the clients ' +
    '(and ipvsadm -S does not even write the mask back). Add -p [timeout], or drop -M.',
  bad: { text: '-A -t 10.0.0.1:80 -s rr -M 255.255.255.0\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -m -w 1\n', line: 1, column: 28 },
  good: { text: '-A -t 10.0.0.1:80 -s rr -p 360 -M 255.255.255.0\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -m -w 1\n' },
  check(ctx) {
    for (const s of ctx.model.ipvs?.services ?? []) {
      if (s.persistent || !s.netmaskAt) continue;
      const mask = ctx.model.source.text.slice(s.netmaskAt.start, s.netmaskAt.end);
      ctx.report({ message: `virtual service ${s.text} has -M ${mask} but no -p: the netmask only groups clients of a persistent service, and is ignored`, at: s.netmaskAt });
    }
  },
};
export default rule;
