// Virtual service lookup as ip_vs_service_find() does it: the fwmark table first (skb->mark), then the exact
// <af, protocol, address, port>, then the FTP service for data connections, then the port-zero service of the
// address. Hash maps keyed by the service's identity: one lookup costs O(1) in the number of services.
import type { Addr } from '../../model/packet.js';
import type { IpvsProtocol, ServiceKey, VirtualService } from '../../model/ipvs.js';
import type { Family } from '../../values/addr.js';
import type { IpvsFlow } from './scheduler.js';

const FTPPORT = 21;
const FTPDATA = 20;

const addrKey = (a: Addr): string => (typeof a === 'number' ? a.toString(36) : `6${a.toString(36)}`);

export function serviceKeyText(k: ServiceKey): string {
  return k.kind === 'fwmark' ? `${k.family}|fwm|${k.fwmark >>> 0}` : `${k.family}|${k.protocol}|${addrKey(k.addr)}|${k.port}`;
}

const addrServiceKey = (family: Family, protocol: IpvsProtocol, addr: Addr, port: number): string => `${family}|${protocol}|${addrKey(addr)}|${port}`;

export class ServiceTable {
  private readonly byKey = new Map<string, VirtualService>();
  private ftp = 0;
  private nullPort = 0;
  private fwm = 0;

  constructor(services: readonly VirtualService[] = []) {
    for (const s of services) this.add(s);
  }

  add(s: VirtualService): void {
    this.byKey.set(serviceKeyText(s.key), s);
    if (s.key.kind === 'fwmark') this.fwm++;
    else if (s.key.port === FTPPORT) this.ftp++;
    else if (s.key.port === 0) this.nullPort++;
  }

  remove(s: VirtualService): void {
    if (this.byKey.get(serviceKeyText(s.key)) !== s) return;
    this.byKey.delete(serviceKeyText(s.key));
    if (s.key.kind === 'fwmark') this.fwm--;
    else if (s.key.port === FTPPORT) this.ftp--;
    else if (s.key.port === 0) this.nullPort--;
  }

  get(k: ServiceKey): VirtualService | undefined {
    return this.byKey.get(serviceKeyText(k));
  }

  get size(): number {
    return this.byKey.size;
  }

  /** ip_vs_service_find() */
  find(flow: IpvsFlow): VirtualService | undefined {
    if (this.fwm && flow.mark) {
      const s = this.byKey.get(`${flow.family}|fwm|${flow.mark >>> 0}`);
      if (s) return s;
    }
    let s = this.byKey.get(addrServiceKey(flow.family, flow.protocol, flow.daddr, flow.dport));
    if (!s && this.ftp && flow.protocol === 'tcp' && (flow.dport === FTPDATA || flow.dport >= 1024)) {
      s = this.byKey.get(addrServiceKey(flow.family, flow.protocol, flow.daddr, FTPPORT));
    }
    if (!s && this.nullPort) s = this.byKey.get(addrServiceKey(flow.family, flow.protocol, flow.daddr, 0));
    return s;
  }
}
