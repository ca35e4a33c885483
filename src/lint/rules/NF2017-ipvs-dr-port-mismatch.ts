// NF2017: a direct-routing (-g) or tunnel (-i) real server written with a port other than the service's.
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF2017',
  name: 'ipvs-dr-port-mismatch',
  severity: 'warning',
  message: 'real server {server} uses {direct routing|tunnelling} but its port differs from the service port {port}: ipvsadm adds it at port {port}',
  description:
    'Direct routing and IP-in-IP tunnelling hand the packet to the real server unchanged, so they cannot change the ' +
    'destination port: the real server must listen on the service port. ipvsadm enforces it before asking the kernel ' +
    '(process_options(): for -g and -i on an address service the destination port is set to the service port), so ' +
    '`ipvsadm -R` silently adds such a server at the service port and the port written in the file is ignored. ' +
    'ipvsadm -S never writes such a line; it comes from a hand-edited file (or a script). A real server without ' +
    '-m, -g or -i is direct routing. Write the service port, or use masquerading (-m) to change the port.',
  bad: { text: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.1.1:8080 -g -w 1\n', line: 2, column: 22 },
  good: { text: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1\n' },
  check(ctx) {
    for (const s of ctx.model.ipvs?.services ?? []) {
      if (s.fwmark) continue;
      for (const r of s.servers) {
        if ((r.forward !== 'droute' && r.forward !== 'tunnel') || r.writtenPort === undefined || r.writtenPort === s.port) continue;
        const how = r.forward === 'droute' ? 'direct routing (-g)' : 'tunnelling (-i)';
        ctx.report({
          message: `real server ${r.text} uses ${how} but its port ${r.writtenPort} differs from the service port ${s.port}: ipvsadm adds it at port ${s.port}`,
          at: r.at ?? { line: r.line },
          notes: [`${how} cannot change the destination port; to send to port ${r.writtenPort}, use masquerading (-m)`],
        });
      }
    }
  },
};
export default rule;
