#!/usr/bin/env node
// Synthetic kube-proxy ruleset: writes the iptables-restore input that kube-proxy's iptables mode (pkg/proxy/iptables/proxier.go, syncProxyRules, v1.28 layout) feeds to `iptables-restore --noflush --counters`.
//
// Usage:
//   node bench/gen-kube-proxy.js --services N [--endpoints-per-service K | --endpoints-min A --endpoints-max B]
//                                [--seed S] [--large-cluster auto|on|off] [--with-jumps] [--stats]
//
// Dependency-free and deterministic: the same arguments always give the same bytes.
//
// What is mirrored from kube-proxy (facts read from proxier.go; the code here is our own):
//  * the whole file is "*filter\n" + filter chain lines + filter rules + "COMMIT\n" + "*nat\n" + nat chain
//    lines + nat rules + "COMMIT\n" (all chain declarations of a table come before its rules);
//  * chain lines are ":NAME - [0:0]"; args are joined with single spaces; comments that contain spaces are
//    written with literal double quotes (`"ns/svc:port cluster IP"`), bare ones (`ns/svc:port`) without;
//  * rule argument order is kube-proxy's, not iptables-save's: `-m comment --comment C -m tcp -p tcp
//    -d 10.96.0.10 --dport 53 -j KUBE-SVC-...` (addresses without /32);
//  * chain names: "KUBE-SVC-"/"KUBE-SVL-"/"KUBE-EXT-"/"KUBE-FW-" + base32(sha256(servicePortName + proto))[:16],
//    "KUBE-SEP-" + base32(sha256(servicePortName + proto + "ip:port"))[:16], proto lower case,
//    servicePortName = "ns/name" or "ns/name:portname";
//  * statistic cascades: rule i of n gets --probability fmt.Sprintf("%0.10f", 1/(n-i)), the last has none;
//  * masquerade mark fmt.Sprintf("%#08x", 1<<14) = "0x00004000"; MASQUERADE --random-fully (iptables 1.8.9
//    has it); detect-local-mode ClusterCIDR (`! -s 10.244.0.0/16` / `-s 10.244.0.0/16`);
//    localhostNodePorts=true (KUBE-FIREWALL localnet rule, plain `-m addrtype --dst-type LOCAL` nodeports jump);
//  * "large cluster mode": more than 1000 endpoints in total drops the comments of KUBE-SVC->KUBE-SEP and
//    KUBE-SEP rules (override with --large-cluster on|off);
//  * endpoints of a service port are sorted by their "ip:port" string (our reading of kube-proxy's endpoint
//    slice cache, which sorts endpoints; not checked against that file).
// Not mirrored: Go map iteration order (services are emitted in generation order; the merged endpoint list
// of externalTrafficPolicy=Local services keeps the sorted order), partial syncs, stale-chain deletion
// (-X lines), topology hints, terminating endpoints, IPv6, SCTP.
// Services 3-12 (after default/kubernetes and kube-system/kube-dns) each show one feature (NodePort with
// externalTrafficPolicy=Local, loadBalancerSourceRanges, externalIPs, ClientIP affinity, internalTrafficPolicy
// =Local, no endpoints, ...) so that even small outputs contain every rule shape kube-proxy writes.
//
// --with-jumps additionally declares the built-in chains and adds the jump rules kube-proxy/kubelet create
// with `iptables -I` (not part of kube-proxy's restore input) so the ruleset is reachable from the hooks.

import { createHash } from "node:crypto";

const USAGE = `usage: node bench/gen-kube-proxy.js --services N
        [--endpoints-per-service K | --endpoints-min A --endpoints-max B]
        [--seed S] [--large-cluster auto|on|off] [--with-jumps] [--stats]
  --services N              number of Service objects (some have 2-3 ports; each port is a service port)
  --endpoints-per-service K every service port gets exactly K endpoints
  --endpoints-min/--endpoints-max  uniform endpoint count in [A, B]
                            default mix: 4% none, 67% one, 18% two, 6.5% three, 3.5% 4-6, 0.8% 7-20, 0.2% 21-60
  --seed S                  PRNG seed (default 1)
  --large-cluster MODE      auto (kube-proxy: >1000 endpoints drops per-endpoint comments), on, off
  --with-jumps              also emit built-in chains with kube-proxy's/kubelet's jump rules
  --stats                   print counts to stderr`;

// ---------------------------------------------------------------------------------------------------------
// argument parsing
function parseArgs(argv) {
  const o = { services: null, epk: null, epMin: null, epMax: null, seed: 1, large: "auto", withJumps: false, stats: false };
  const num = (name, v) => {
    if (v === undefined || !/^\d+$/.test(v)) die(`${name} needs a non-negative integer`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    const val = () => (v !== undefined ? v : argv[++i]);
    switch (a) {
      case "--services": o.services = num(a, val()); break;
      case "--endpoints-per-service": o.epk = num(a, val()); break;
      case "--endpoints-min": o.epMin = num(a, val()); break;
      case "--endpoints-max": o.epMax = num(a, val()); break;
      case "--seed": o.seed = num(a, val()); break;
      case "--large-cluster": {
        const m = val();
        if (!["auto", "on", "off"].includes(m)) die("--large-cluster must be auto, on or off");
        o.large = m; break;
      }
      case "--with-jumps": o.withJumps = true; break;
      case "--stats": o.stats = true; break;
      case "-h": case "--help": process.stdout.write(USAGE + "\n"); process.exit(0); break;
      default: die(`unknown argument: ${a}`);
    }
  }
  if (o.services === null) die("--services is required");
  if (o.epk !== null && (o.epMin !== null || o.epMax !== null)) die("use either --endpoints-per-service or --endpoints-min/--endpoints-max");
  if ((o.epMin === null) !== (o.epMax === null)) die("--endpoints-min and --endpoints-max go together");
  if (o.epMin !== null && o.epMin > o.epMax) die("--endpoints-min must be <= --endpoints-max");
  return o;
}

function die(msg) {
  process.stderr.write(`gen-kube-proxy: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// deterministic PRNG (splitmix32-seeded sfc32)
function makeRng(seed) {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  const rng = {
    u32: next,
    float: () => next() / 4294967296,
    int: (lo, hi) => lo + Math.floor((next() / 4294967296) * (hi - lo + 1)), // inclusive
    chance: (p) => next() / 4294967296 < p,
    pick: (arr) => arr[Math.floor((next() / 4294967296) * arr.length)],
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------------------
// kube-proxy helpers
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// RFC 4648 base32 (Go's base32.StdEncoding), first 16 characters = first 80 bits = 10 bytes.
function base32Prefix16(buf) {
  let out = "";
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < 10; i++) {
    acc = (acc << 8) | buf[i];
    bits += 8;
    while (bits >= 5) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}
const portProtoHash = (spn, proto) => base32Prefix16(createHash("sha256").update(spn + proto).digest());
const sepChainName = (spn, proto, ep) => "KUBE-SEP-" + base32Prefix16(createHash("sha256").update(spn + proto + ep).digest());

// fmt.Sprintf("%0.10f", 1.0/float64(n)) with Go's exact round-half-even on the binary value.
const probCache = new Map();
function probability(n) {
  let s = probCache.get(n);
  if (s !== undefined) return s;
  const x = 1 / n;
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0), lo = dv.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2;
  if (expBits === 0) e2 = -1074; else { mant |= 1n << 52n; e2 = expBits - 1075; }
  // x = mant * 2^e2, e2 < 0 for all 1/n with n >= 1 except n = 1 (handled by the same math)
  let num = mant * 10n ** 10n;
  let q, r, den;
  if (e2 >= 0) { q = num << BigInt(e2); r = 0n; den = 1n; } else { den = 1n << BigInt(-e2); q = num / den; r = num % den; }
  const twice = 2n * r;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  const digits = q.toString().padStart(11, "0");
  s = digits.slice(0, -10) + "." + digits.slice(-10);
  probCache.set(n, s);
  return s;
}

const ipStr = (u) => `${u >>> 24}.${(u >>> 16) & 255}.${(u >>> 8) & 255}.${u & 255}`;
const ipNum = (s) => s.split(".").reduce((a, o) => ((a << 8) | Number(o)) >>> 0, 0);

// ---------------------------------------------------------------------------------------------------------
// cluster model
const CLUSTER_CIDR = "10.244.0.0/16";
const SERVICE_BASE = ipNum("10.96.0.0"); // 10.96.0.0/12
const NODE_IP = "172.18.0.2";
const MASQ_MARK = "0x00004000"; // fmt.Sprintf("%#08x", 1<<14)
const NODEPORT_MIN = 30000, NODEPORT_MAX = 32767;

const WORDS = ["api", "web", "auth", "cart", "checkout", "search", "billing", "catalog", "orders", "payments",
  "gateway", "frontend", "backend", "redis", "postgres", "kafka", "metrics", "worker", "inventory", "mailer",
  "users", "session", "profile", "reviews", "shipping", "pricing", "ledger", "notify", "media", "thumbs"];
const TEAMS = ["team", "shop", "data", "infra", "ml", "prod", "stage", "qa", "edge", "core"];
const PORT_CHOICES = [
  { name: "http", port: 80, target: 8080 }, { name: "https", port: 443, target: 8443 },
  { name: "grpc", port: 9090, target: 9090 }, { name: "metrics", port: 9100, target: 9100 },
  { name: "web", port: 8080, target: 8080 }, { name: "admin", port: 8081, target: 8081 },
  { name: "redis", port: 6379, target: 6379 }, { name: "postgres", port: 5432, target: 5432 },
  { name: "kafka", port: 9092, target: 9092 }, { name: "http-alt", port: 3000, target: 3000 },
];

const SHOWCASE = [
  { type: "NodePort", etpLocal: true, endpoints: 2, local: "first" },
  { type: "LoadBalancer", sourceRanges: ["203.0.113.0/25", "172.18.0.0/16"], endpoints: 2 },
  { type: "ClusterIP", externalIP: true, endpoints: 2 },
  { type: "ClusterIP", affinity: true, endpoints: 3 },
  { type: "ClusterIP", itpLocal: true, endpoints: 2, local: "first" },
  { type: "NodePort", endpoints: 0 },
  { type: "LoadBalancer", etpLocal: true, endpoints: 2, local: "remote" },
  { type: "ClusterIP", itpLocal: true, endpoints: 1, local: "remote" },
  { type: "LoadBalancer", externalIP: true, endpoints: 0 },
  { type: "LoadBalancer", etpLocal: true, sourceRanges: ["203.0.113.0/25"], endpoints: 3, local: "first" },
];

function makeEndpointCounter(o, rng) {
  if (o.epk !== null) return () => o.epk;
  if (o.epMin !== null) return () => rng.int(o.epMin, o.epMax);
  return () => {
    const r = rng.float();
    if (r < 0.04) return 0;
    if (r < 0.71) return 1;
    if (r < 0.89) return 2;
    if (r < 0.955) return 3;
    if (r < 0.99) return rng.int(4, 6);
    if (r < 0.998) return rng.int(7, 20);
    return rng.int(21, 60);
  };
}

function buildCluster(o) {
  const rng = makeRng(o.seed);
  const epCount = makeEndpointCounter(o, rng);
  const usedClusterIPs = new Set();
  const usedPodIPs = new Set();
  const usedNodePorts = new Set();
  let nextExternal = ipNum("198.18.0.1"); // RFC 2544 benchmarking range for LB / external IPs

  const clusterIP = () => {
    for (;;) {
      const off = rng.int(2, (1 << 20) - 2);
      if (off === 10) continue;
      if (!usedClusterIPs.has(off)) { usedClusterIPs.add(off); return ipStr(SERVICE_BASE + off); }
    }
  };
  // pod IPs: node k owns 10.244.k.0/24; node 0 is "this" node (endpoints there are local)
  const nodes = 256;
  const podIP = (where) => {
    if (usedPodIPs.size >= nodes * 253) die("too many endpoints for the 10.244.0.0/16 pod network");
    for (;;) {
      // ~8% of endpoints local to this node (where: "local" / "remote" forces it)
      const local = where === "local" ? true : where === "remote" ? false : rng.chance(0.08);
      const node = local ? 0 : rng.int(1, nodes - 1);
      const host = rng.int(2, 254);
      const key = (node << 8) | host;
      if (!usedPodIPs.has(key)) { usedPodIPs.add(key); return { ip: `10.244.${node}.${host}`, local: node === 0 }; }
    }
  };
  const nodePort = () => {
    if (usedNodePorts.size > NODEPORT_MAX - NODEPORT_MIN) return 0;
    for (;;) {
      const p = rng.int(NODEPORT_MIN, NODEPORT_MAX);
      if (!usedNodePorts.has(p)) { usedNodePorts.add(p); return p; }
    }
  };
  const externalIP = () => ipStr(nextExternal++);

  const services = [];
  const mk = (ns, name, extra) => ({ ns, name, type: "ClusterIP", etpLocal: false, itpLocal: false, affinity: false,
    externalIPs: [], lbIPs: [], sourceRanges: [], hcNodePort: 0, ...extra });

  // 1: default/kubernetes (the apiserver, endpoint = node IP:6443)
  if (o.services >= 1) {
    usedClusterIPs.add(1);
    const s = mk("default", "kubernetes", { clusterIP: "10.96.0.1" });
    s.ports = [{ name: "https", proto: "tcp", port: 443, target: 6443 }];
    const n = o.epk !== null ? o.epk : 1;
    const eps = [];
    for (let i = 0; i < n; i++) eps.push({ ip: ipStr(ipNum(NODE_IP) + i), local: i === 0 });
    s.pods = eps;
    services.push(s);
  }
  // 2: kube-system/kube-dns (udp+tcp 53, metrics)
  if (o.services >= 2) {
    usedClusterIPs.add(10);
    const s = mk("kube-system", "kube-dns", { clusterIP: "10.96.0.10" });
    s.ports = [
      { name: "dns", proto: "udp", port: 53, target: 53 },
      { name: "dns-tcp", proto: "tcp", port: 53, target: 53 },
      { name: "metrics", proto: "tcp", port: 9153, target: 9153 },
    ];
    const n = o.epk !== null ? o.epk : 2;
    s.pods = Array.from({ length: n }, podIP);
    services.push(s);
  }
  const nsCount = Math.max(1, Math.ceil(o.services / 40));
  for (let i = services.length; i < o.services; i++) {
    const nsIdx = rng.int(0, nsCount - 1);
    const ns = `${TEAMS[nsIdx % TEAMS.length]}-${nsIdx}`;
    const name = `${rng.pick(WORDS)}-${i}`;
    const s = mk(ns, name, { clusterIP: clusterIP() });
    // ports
    const r = rng.float();
    const nports = r < 0.92 ? 1 : r < 0.985 ? 2 : 3;
    const chosen = [];
    while (chosen.length < nports) {
      const c = rng.pick(PORT_CHOICES);
      if (!chosen.includes(c)) chosen.push(c);
    }
    const udp = rng.chance(0.04);
    s.ports = chosen.map((c) => ({
      name: nports === 1 && rng.chance(0.6) ? "" : c.name,
      proto: udp ? "udp" : "tcp",
      port: c.port,
      target: rng.chance(0.5) ? c.port : c.target,
    }));
    // type
    const t = rng.float();
    if (t < 0.08) s.type = "LoadBalancer";
    else if (t < 0.20) s.type = "NodePort";
    if (s.type !== "ClusterIP") {
      for (const p of s.ports) p.nodePort = nodePort();
      if (s.ports.some((p) => p.nodePort === 0)) { s.type = "ClusterIP"; for (const p of s.ports) p.nodePort = 0; }
    }
    if (s.type === "LoadBalancer") {
      s.lbIPs = [externalIP()];
      s.etpLocal = rng.chance(0.3);
      if (rng.chance(0.2)) {
        s.sourceRanges = rng.chance(0.3) ? ["203.0.113.0/25", "172.18.0.0/16"] : ["203.0.113.0/25"];
      }
    } else if (s.type === "NodePort") {
      s.etpLocal = rng.chance(0.15);
    } else if (rng.chance(0.01)) {
      s.externalIPs = [externalIP()];
    }
    if (s.etpLocal) {
      s.hcNodePort = nodePort();
      if (s.hcNodePort === 0) s.etpLocal = false;
    }
    if (s.type === "ClusterIP" && s.externalIPs.length === 0 && rng.chance(0.01)) s.itpLocal = true;
    if (rng.chance(0.03)) s.affinity = true;
    let n = epCount();
    let where = () => undefined;
    // The first services after kubernetes/kube-dns each show one feature, so that even small outputs
    // (the svc200 golden) contain every rule shape.
    const sc = SHOWCASE[i - 2];
    if (sc) {
      const wantNodePorts = sc.type !== "ClusterIP";
      s.type = sc.type;
      s.etpLocal = !!sc.etpLocal;
      s.itpLocal = !!sc.itpLocal;
      s.affinity = !!sc.affinity;
      s.externalIPs = sc.externalIP ? [externalIP()] : [];
      s.lbIPs = sc.type === "LoadBalancer" ? [externalIP()] : [];
      s.sourceRanges = sc.sourceRanges || [];
      for (const p of s.ports) p.nodePort = wantNodePorts ? nodePort() : 0;
      s.hcNodePort = s.etpLocal ? nodePort() : 0;
      if (o.epk === null && o.epMin === null) n = sc.endpoints;
      where = (k) => (sc.local === "first" ? (k === 0 ? "local" : "remote") : sc.local);
    }
    s.pods = Array.from({ length: n }, (_, k) => podIP(where(k)));
    services.push(s);
  }
  return services;
}

// ---------------------------------------------------------------------------------------------------------
// rule writer (mirrors syncProxyRules)
function render(o, services) {
  const filterChains = [];
  const filterRules = [];
  const natChains = [];
  const natRules = [];
  const chainLine = (c) => `:${c} - [0:0]`;

  for (const c of ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL"]) filterChains.push(chainLine(c));
  for (const c of ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"]) natChains.push(chainLine(c));

  natRules.push(`-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`);
  natRules.push(`-A KUBE-POSTROUTING -j MARK --xor-mark ${MASQ_MARK}`);
  natRules.push(`-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`);
  natRules.push(`-A KUBE-MARK-MASQ -j MARK --or-mark ${MASQ_MARK}`);

  filterChains.push(chainLine("KUBE-FIREWALL"));
  filterRules.push(`-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`);

  // expand to service ports
  const svcPorts = [];
  for (const s of services) {
    for (const p of s.ports) {
      const spn = `${s.ns}/${s.name}${p.name ? ":" + p.name : ""}`;
      const eps = s.pods.map((pod) => ({ ep: `${pod.ip}:${p.target}`, ip: pod.ip, local: pod.local }));
      eps.sort((a, b) => (a.ep < b.ep ? -1 : a.ep > b.ep ? 1 : 0));
      for (const e of eps) e.chain = sepChainName(spn, p.proto, e.ep);
      svcPorts.push({ s, p, spn, eps });
    }
  }
  const totalEndpoints = svcPorts.reduce((n, sp) => n + sp.eps.length, 0);
  const large = o.large === "on" ? true : o.large === "off" ? false : totalEndpoints > 1000;
  const svcComment = (c) => (large ? "" : ` -m comment --comment ${c}`);

  const stats = { services: services.length, servicePorts: svcPorts.length, endpoints: totalEndpoints, largeClusterMode: large };

  for (const { s, p, spn, eps } of svcPorts) {
    const proto = p.proto;
    const hash = portProtoHash(spn, proto);
    const svcChain = "KUBE-SVC-" + hash, svlChain = "KUBE-SVL-" + hash, extChain = "KUBE-EXT-" + hash, fwChain = "KUBE-FW-" + hash;
    const externallyAccessible = (p.nodePort || 0) !== 0 || s.lbIPs.length > 0 || s.externalIPs.length > 0;
    const externalPolicyLocal = externallyAccessible && s.etpLocal;
    const internalPolicyLocal = s.itpLocal;
    const usesClusterEndpoints = !internalPolicyLocal || (externallyAccessible && !externalPolicyLocal);
    const usesLocalEndpoints = internalPolicyLocal || externalPolicyLocal;

    // proxy.CategorizeEndpoints (all endpoints ready, no topology)
    const clusterEps = usesClusterEndpoints ? eps : [];
    let hasEndpoints = clusterEps.length > 0;
    let localEps = [];
    let reachable = clusterEps;
    if (usesLocalEndpoints) {
      if (eps.length > 0) hasEndpoints = true;
      localEps = eps.filter((e) => e.local);
      reachable = usesClusterEndpoints ? clusterEps /* local ⊂ cluster when all are ready */ : localEps;
    }

    const usesClusterPolicyChain = clusterEps.length > 0 && usesClusterEndpoints;
    const usesLocalPolicyChain = localEps.length > 0 && usesLocalEndpoints;
    let internalPolicyChain = svcChain;
    let hasInternalEndpoints = hasEndpoints;
    if (internalPolicyLocal) { internalPolicyChain = svlChain; if (localEps.length === 0) hasInternalEndpoints = false; }
    const internalTrafficChain = internalPolicyChain;
    let externalPolicyChain = svcChain;
    let hasExternalEndpoints = hasEndpoints;
    if (externalPolicyLocal) { externalPolicyChain = svlChain; if (localEps.length === 0) hasExternalEndpoints = false; }
    const usesExternalTrafficChain = hasEndpoints && externallyAccessible;
    let loadBalancerTrafficChain = extChain;
    const usesFWChain = hasEndpoints && s.lbIPs.length > 0 && s.sourceRanges.length > 0;
    if (usesFWChain) loadBalancerTrafficChain = fwChain;

    let intTarget = "", intComment = "", extTarget = "", extComment = "";
    if (!hasEndpoints) {
      intTarget = extTarget = "REJECT";
      intComment = extComment = `"${spn} has no endpoints"`;
    } else {
      if (!hasInternalEndpoints) { intTarget = "DROP"; intComment = `"${spn} has no local endpoints"`; }
      if (!hasExternalEndpoints) { extTarget = "DROP"; extComment = `"${spn} has no local endpoints"`; }
    }
    const pm = `-m ${proto} -p ${proto}`;

    // Capture the clusterIP.
    if (hasInternalEndpoints) {
      natRules.push(`-A KUBE-SERVICES -m comment --comment "${spn} cluster IP" ${pm} -d ${s.clusterIP} --dport ${p.port} -j ${internalTrafficChain}`);
    } else {
      filterRules.push(`-A KUBE-SERVICES -m comment --comment ${intComment} ${pm} -d ${s.clusterIP} --dport ${p.port} -j ${intTarget}`);
    }
    // Capture externalIPs.
    for (const eip of s.externalIPs) {
      if (hasEndpoints) natRules.push(`-A KUBE-SERVICES -m comment --comment "${spn} external IP" ${pm} -d ${eip} --dport ${p.port} -j ${extChain}`);
      if (!hasExternalEndpoints) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} ${pm} -d ${eip} --dport ${p.port} -j ${extTarget}`);
    }
    // Capture load-balancer ingress.
    for (const lbip of s.lbIPs) {
      if (hasEndpoints) natRules.push(`-A KUBE-SERVICES -m comment --comment "${spn} loadbalancer IP" ${pm} -d ${lbip} --dport ${p.port} -j ${loadBalancerTrafficChain}`);
      if (usesFWChain) filterRules.push(`-A KUBE-PROXY-FIREWALL -m comment --comment "${spn} traffic not accepted by ${fwChain}" ${pm} -d ${lbip} --dport ${p.port} -j DROP`);
    }
    if (!hasExternalEndpoints) {
      for (const lbip of s.lbIPs) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} ${pm} -d ${lbip} --dport ${p.port} -j ${extTarget}`);
    }
    // Capture nodeports.
    if (p.nodePort) {
      if (hasEndpoints) natRules.push(`-A KUBE-NODEPORTS -m comment --comment ${spn} ${pm} --dport ${p.nodePort} -j ${extChain}`);
      if (!hasExternalEndpoints) filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${extComment} -m addrtype --dst-type LOCAL ${pm} --dport ${p.nodePort} -j ${extTarget}`);
    }
    // Capture healthCheckNodePorts.
    if (s.hcNodePort && externalPolicyLocal) {
      filterRules.push(`-A KUBE-NODEPORTS -m comment --comment "${spn} health check node port" -m tcp -p tcp --dport ${s.hcNodePort} -j ACCEPT`);
    }

    // Set up internal traffic handling.
    if (hasInternalEndpoints) {
      natRules.push(`-A ${internalTrafficChain} -m comment --comment "${spn} cluster IP" ${pm} -d ${s.clusterIP} --dport ${p.port} ! -s ${CLUSTER_CIDR} -j KUBE-MARK-MASQ`);
    }
    // Set up external traffic handling.
    if (usesExternalTrafficChain) {
      natChains.push(chainLine(extChain));
      if (!externalPolicyLocal) {
        natRules.push(`-A ${extChain} -m comment --comment "masquerade traffic for ${spn} external destinations" -j KUBE-MARK-MASQ`);
      } else {
        natRules.push(`-A ${extChain} -m comment --comment "pod traffic for ${spn} external destinations" -s ${CLUSTER_CIDR} -j ${svcChain}`);
        natRules.push(`-A ${extChain} -m comment --comment "masquerade LOCAL traffic for ${spn} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
        natRules.push(`-A ${extChain} -m comment --comment "route LOCAL traffic for ${spn} external destinations" -m addrtype --src-type LOCAL -j ${svcChain}`);
      }
      if (hasExternalEndpoints) natRules.push(`-A ${extChain} -j ${externalPolicyChain}`);
    }
    // Set up firewall chain.
    if (usesFWChain) {
      natChains.push(chainLine(fwChain));
      const head = `-A ${fwChain} -m comment --comment "${spn} loadbalancer IP"`;
      let allowFromNode = false;
      for (const src of s.sourceRanges) {
        natRules.push(`${head} -s ${src} -j ${extChain}`);
        if (cidrContains(src, NODE_IP)) allowFromNode = true;
      }
      if (allowFromNode) for (const lbip of s.lbIPs) natRules.push(`${head} -s ${lbip} -j ${extChain}`);
      natRules.push(`-A ${fwChain} -m comment --comment "other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL"`);
    }
    // Cluster / Local policy chains.
    if (usesClusterPolicyChain) {
      natChains.push(chainLine(svcChain));
      writeServiceToEndpointRules(natRules, spn, s, svcChain, clusterEps, svcComment);
    }
    if (usesLocalPolicyChain) {
      natChains.push(chainLine(svlChain));
      writeServiceToEndpointRules(natRules, spn, s, svlChain, localEps, svcComment);
    }
    // Per-endpoint chains.
    for (const e of reachable) {
      natChains.push(chainLine(e.chain));
      const head = `-A ${e.chain}${svcComment(spn)}`;
      natRules.push(`${head} -s ${e.ip} -j KUBE-MARK-MASQ`);
      const recent = s.affinity ? ` -m recent --name ${e.chain} --set` : "";
      natRules.push(`${head}${recent} ${pm} -j DNAT --to-destination ${e.ep}`);
    }
  }

  // tail-call to the nodePorts chain (nodePortAddresses match all, localhostNodePorts=true)
  natRules.push(`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`);

  filterRules.push(`-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP`);
  filterRules.push(`-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`);
  filterRules.push(`-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);

  if (o.withJumps) {
    // Built-in chains and the rules kube-proxy (iptablesJumpChains) and kubelet (KUBE-FIREWALL) add with
    // `iptables -I` (EnsureRule Prepend), listed in the order that leaves in the kernel.
    const svcs = `-m comment --comment "kubernetes service portals"`;
    const ext = `-m comment --comment "kubernetes externally-visible service portals"`;
    const lbfw = `-m comment --comment "kubernetes load balancer firewall"`;
    const isNew = "-m conntrack --ctstate NEW";
    filterChains.unshift(":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]");
    filterRules.unshift(
      "-A INPUT -j KUBE-FIREWALL",
      `-A INPUT ${isNew} ${lbfw} -j KUBE-PROXY-FIREWALL`,
      `-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS`,
      `-A INPUT ${isNew} ${ext} -j KUBE-EXTERNAL-SERVICES`,
      `-A FORWARD ${isNew} ${lbfw} -j KUBE-PROXY-FIREWALL`,
      `-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD`,
      `-A FORWARD ${isNew} ${svcs} -j KUBE-SERVICES`,
      `-A FORWARD ${isNew} ${ext} -j KUBE-EXTERNAL-SERVICES`,
      "-A OUTPUT -j KUBE-FIREWALL",
      `-A OUTPUT ${isNew} ${lbfw} -j KUBE-PROXY-FIREWALL`,
      `-A OUTPUT ${isNew} ${svcs} -j KUBE-SERVICES`,
    );
    natChains.unshift(":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]");
    natRules.unshift(
      `-A PREROUTING ${svcs} -j KUBE-SERVICES`,
      `-A OUTPUT ${svcs} -j KUBE-SERVICES`,
      `-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING`,
    );
  }

  const out = ["*filter", ...filterChains, ...filterRules, "COMMIT", "*nat", ...natChains, ...natRules, "COMMIT", ""].join("\n");
  stats.filterChains = filterChains.length;
  stats.filterRules = filterRules.length;
  stats.natChains = natChains.length;
  stats.natRules = natRules.length;
  stats.lines = filterChains.length + filterRules.length + natChains.length + natRules.length + 4;
  return { out, stats };
}

function writeServiceToEndpointRules(natRules, spn, s, svcChain, endpoints, svcComment) {
  if (s.affinity) {
    for (const e of endpoints) {
      natRules.push(`-A ${svcChain}${svcComment(`"${spn} -> ${e.ep}"`)} -m recent --name ${e.chain} --rcheck --seconds 10800 --reap -j ${e.chain}`);
    }
  }
  const n = endpoints.length;
  endpoints.forEach((e, i) => {
    const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probability(n - i)}` : "";
    natRules.push(`-A ${svcChain}${svcComment(`"${spn} -> ${e.ep}"`)}${stat} -j ${e.chain}`);
  });
}

function cidrContains(cidr, ip) {
  const [base, len] = cidr.split("/");
  const bits = Number(len);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipNum(base) & mask) >>> 0) === ((ipNum(ip) & mask) >>> 0);
}

// ---------------------------------------------------------------------------------------------------------
const opts = parseArgs(process.argv.slice(2));
const { out, stats } = render(opts, buildCluster(opts));
if (opts.stats) process.stderr.write(JSON.stringify(stats) + "\n");
process.stdout.on("error", (e) => { if (e.code === "EPIPE") process.exit(0); throw e; });
process.stdout.write(out);
