// NF2016: an IPVS virtual service with no real servers, or only real servers of weight 0.
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF2016',
  name: 'ipvs-no-real-servers',
  severity: 'warning',
  message: 'virtual service {service} has {no real servers|only real servers of weight 0}: new connections to it get ICMP port unreachable',
  description:
    'When a packet opens a connection to a virtual service, the scheduler picks one of its real servers; a server of ' +
    'weight 0 is never picked (it is quiesced: only its existing connections go on). With no server to pick, the ' +
    'kernel (ip_vs_leave) answers ICMP port unreachable and drops the packet, so the service refuses every new ' +
    'connection. Checked on the table an `ipvsadm -S` file (or the ipvsadm commands of a script) leaves. Add a real ' +
    'server with `-a … -w N` (N > 0), or delete the service while it has none.',
  bad: { text: '-A -t 10.0.0.1:80 -s rr\n', line: 1, column: 7 },
  good: { text: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 1\n' },
  check(ctx) {
    for (const s of ctx.model.ipvs?.services ?? []) {
      if (s.servers.length === 0) {
        ctx.report({ message: `virtual service ${s.text} has no real servers: new connections to it get ICMP port unreachable`, at: s.at ?? { line: s.line } });
      } else if (s.servers.every((r) => r.weight === 0)) {
        const list = s.servers.map((r) => `${r.text}${r.line ? ` (line ${r.line})` : ''}`).join(', ');
        ctx.report({
          message: `virtual service ${s.text} has only real servers of weight 0: new connections to it get ICMP port unreachable`,
          at: s.at ?? { line: s.line },
          notes: [`weight 0: ${list} — the scheduler never picks a quiesced server`],
        });
      }
    }
  },
};
export default rule;
