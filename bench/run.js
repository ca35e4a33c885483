#!/usr/bin/env node
// Benchmark harness: times `nfsim iptables-restore --test` against the real iptables-nft-restore / iptables-legacy-restore (1.8.9) on a kube-proxy-shaped dump, plus Node start-up.
//
//   node bench/run.js [--runs N] [--warmup N] [--services N] [--seed S] [--dump FILE]
//                     [--only restore|startup[,...]] [--json [FILE]] [--keep] [--timeout SEC]
//
// Dependency-free (node: built-ins only). The real tools run only inside network namespaces this
// process creates (name nfsim-bench-<pid>-<random>), one fresh namespace per backend, each deleted
// in a finally block, on SIGINT/SIGTERM/SIGHUP and, as a last resort, in the process 'exit' handler.
// The root namespace's firewall is never touched.

import { spawn, spawnSync, execFileSync } from "node:child_process";
import { randomBytes, createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const GEN = path.join(HERE, "gen-kube-proxy.js");
const DEFAULT_NFSIM = path.join(ROOT, "bin", "nfsim.js");
const GROUPS = ["restore", "startup"];

const USAGE = `usage: node bench/run.js [options]        (npm run bench -- [options])
  --runs N          timed runs per benchmark (default 5); median and min are reported
  --warmup N        untimed runs before the timed ones (default 1)
  --services N      services in the generated kube-proxy dump (default 10000)
  --seed S          generator seed (default 1)
  --dump FILE       use this restore file instead of generating one
  --only LIST       comma-separated groups to run: ${GROUPS.join(", ")} (default: all)
  --json [FILE]     machine-readable results: to FILE, or to stdout instead of the table
  --nfsim FILE      nfsim entry point to time (default bin/nfsim.js), e.g. a bundled build
  --keep            keep the temp dir with the generated dump
  --timeout SEC     per-run timeout (default 300)
  --node-env MODE   clean (default): Node processes run without NODE_EXTRA_CA_CERTS, which Node loads at every
                    start before any code runs (nfsim makes no TLS connection); when it is set here, the start-up
                    baseline and nfsim (nft) are also timed with it, as inherited. inherit: as inherited only`;

// ---------------------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const o = { runs: 5, warmup: 1, services: 10000, seed: 1, dump: null, only: new Set(GROUPS), json: false, jsonFile: null, keep: false, timeout: 300, nfsim: DEFAULT_NFSIM, nodeEnv: "clean" };
  const int = (name, v, min = 0) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) fail(`${name} needs an integer >= ${min}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let v;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    const val = () => (v !== undefined ? v : argv[++i]);
    switch (a) {
      case "--runs": o.runs = int(a, val(), 1); break;
      case "--warmup": o.warmup = int(a, val()); break;
      case "--services": o.services = int(a, val(), 1); break;
      case "--seed": o.seed = int(a, val()); break;
      case "--dump": o.dump = val(); if (!o.dump) fail("--dump needs a file"); break;
      case "--only": {
        const list = (val() || "").split(",").map((s) => s.trim()).filter(Boolean);
        if (!list.length || list.some((g) => !GROUPS.includes(g))) fail(`--only takes ${GROUPS.join(", ")}`);
        o.only = new Set(list);
        break;
      }
      case "--json":
        o.json = true;
        if (v !== undefined) o.jsonFile = v;
        else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) o.jsonFile = argv[++i];
        break;
      case "--keep": o.keep = true; break;
      case "--nfsim": o.nfsim = path.resolve(val() || fail("--nfsim needs a file")); break;
      case "--timeout": o.timeout = int(a, val(), 1); break;
      case "--node-env": o.nodeEnv = val(); if (o.nodeEnv !== "clean" && o.nodeEnv !== "inherit") fail("--node-env takes clean or inherit"); break;
      case "-h": case "--help": process.stdout.write(USAGE + "\n"); process.exit(0); break;
      default: fail(`unknown argument: ${a}`);
    }
  }
  return o;
}

function fail(msg) {
  process.stderr.write(`bench: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// cleanup registry: namespaces and temp dirs this process created
const created = { namespaces: new Set(), dirs: new Set() };
let currentChild = null; // the benchmark child running now, killed on a signal

function cleanupSync() {
  for (const ns of created.namespaces) {
    try { execFileSync("ip", ["netns", "del", ns], { stdio: "ignore", timeout: 10000 }); } catch { /* reported by caller if it matters */ }
    created.namespaces.delete(ns);
  }
  for (const d of created.dirs) {
    try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* ignore */ }
    created.dirs.delete(d);
  }
}
process.on("exit", cleanupSync);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (currentChild && currentChild.exitCode === null) { try { currentChild.kill("SIGTERM"); } catch { /* gone */ } }
    cleanupSync();
    process.stderr.write(`bench: interrupted by ${sig}, cleaned up\n`);
    process.exit(128 + os.constants.signals[sig]);
  });
}

function netnsAdd() {
  const name = `nfsim-bench-${process.pid}-${randomBytes(3).toString("hex")}`;
  const r = spawnSync("ip", ["netns", "add", name], { encoding: "utf8", timeout: 10000 });
  if (r.error || r.status !== 0) {
    throw new Error(`ip netns add failed: ${(r.error && r.error.message) || r.stderr.trim() || "exit " + r.status}`);
  }
  created.namespaces.add(name);
  spawnSync("ip", ["-n", name, "link", "set", "lo", "up"], { stdio: "ignore", timeout: 10000 });
  return name;
}

function netnsDel(name) {
  if (!created.namespaces.has(name)) return;
  spawnSync("ip", ["netns", "del", name], { stdio: "ignore", timeout: 10000 });
  created.namespaces.delete(name);
}

// ---------------------------------------------------------------------------------------------------------
// timing
const BENCH_STATE = fs.mkdtempSync(path.join(os.tmpdir(), "nfsim-bench-state-"));
process.on("exit", () => fs.rmSync(BENCH_STATE, { recursive: true, force: true }));

function childEnv(clean) {
  const env = { ...process.env, NFSIM_STATE: BENCH_STATE };
  if (clean) for (const k of START_ONLY_ENV) delete env[k];
  return env;
}

// One run: spawn, stdin from the file, stdout discarded; time from spawn to the child's exit.
/** Set in this machine's environment (the sandbox's TLS proxy); Node loads it at every start: see --node-env. */
const START_ONLY_ENV = ["NODE_EXTRA_CA_CERTS"];
const startEnvSet = () => START_ONLY_ENV.filter((k) => process.env[k]);

// `clean`: without START_ONLY_ENV
function runOnce(cmd, args, stdinFile, timeoutSec, clean) {
  return new Promise((resolve) => {
    const fd = stdinFile ? fs.openSync(stdinFile, "r") : "ignore";
    let stderr = "";
    let timedOut = false;
    let t1 = null;
    const t0 = process.hrtime.bigint();
    let child;
    try {
      // nfsim gets an empty state directory of its own, like the real tools get a fresh namespace
      child = spawn(cmd, args, { stdio: [fd, "ignore", "pipe"], env: childEnv(clean) });
    } finally {
      if (typeof fd === "number") fs.closeSync(fd); // the child has its own copy
    }
    currentChild = child;
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, timeoutSec * 1000);
    child.stderr.on("data", (d) => { if (stderr.length < 65536) stderr += d; });
    child.on("exit", () => { t1 = process.hrtime.bigint(); });
    const done = (err) => {
      clearTimeout(timer);
      currentChild = null;
      resolve({ ms: Number((t1 ?? process.hrtime.bigint()) - t0) / 1e6, err });
    };
    child.on("error", (e) => done(e.message));
    child.on("close", (code, signal) => {
      if (timedOut) return done(`timed out after ${timeoutSec}s`);
      if (code === 0) return done(null);
      const first = stderr.split("\n").find((l) => l.trim()) || "";
      done(`exit ${code === null ? "signal " + signal : code}${first ? ": " + first.trim() : ""}`);
    });
  });
}

async function bench(label, cmd, args, stdinFile, o, clean = false) {
  progress(`${label}: `);
  for (let i = 0; i < o.warmup; i++) {
    const r = await runOnce(cmd, args, stdinFile, o.timeout, clean);
    if (r.err) { progress(`failed (${r.err})\n`); return { label, command: fmtCmd(cmd, args, stdinFile), error: r.err }; }
    progress("w");
  }
  const samples = [];
  for (let i = 0; i < o.runs; i++) {
    const r = await runOnce(cmd, args, stdinFile, o.timeout, clean);
    if (r.err) { progress(`failed (${r.err})\n`); return { label, command: fmtCmd(cmd, args, stdinFile), error: r.err, samples }; }
    samples.push(r.ms);
    progress(".");
  }
  progress("\n");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { label, command: fmtCmd(cmd, args, stdinFile), median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

const fmtCmd = (cmd, args, stdinFile) => [cmd, ...args].join(" ") + (stdinFile ? ` < ${stdinFile}` : "");
let quietProgress = false;
const progress = (s) => { if (!quietProgress) process.stderr.write(s); };

// ---------------------------------------------------------------------------------------------------------
function toolVersion(cmd) {
  const r = spawnSync(cmd, ["--version"], { encoding: "utf8", timeout: 10000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

function whichSbin(name) {
  for (const d of (process.env.PATH || "").split(":").concat(["/usr/sbin", "/sbin", "/usr/local/sbin"])) {
    const p = path.join(d, name);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch { /* next */ }
  }
  return null;
}

function generateDump(o, dir) {
  const file = path.join(dir, `kube-proxy-svc${o.services}-seed${o.seed}.rules`);
  progress(`generating ${path.relative(ROOT, GEN)} --services ${o.services} --seed ${o.seed} ... `);
  const fd = fs.openSync(file, "w");
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [GEN, "--services", String(o.services), "--seed", String(o.seed)], { stdio: ["ignore", fd, "pipe"] });
  fs.closeSync(fd);
  if (r.status !== 0) throw new Error(`generator failed: ${r.stderr}`);
  progress(`${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms\n`);
  return file;
}

function describeDump(file) {
  const buf = fs.readFileSync(file);
  let lines = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++;
  return { file, bytes: buf.length, lines, sha256: createHash("sha256").update(buf).digest("hex") };
}

// ---------------------------------------------------------------------------------------------------------
async function main() {
  const o = parseArgs(process.argv.slice(2));
  const toStdoutJson = o.json && !o.jsonFile;
  const results = {
    tool: "nfsim bench/run.js",
    date: new Date().toISOString(),
    host: { node: process.version, platform: `${os.type()} ${os.release()}`, cpu: os.cpus()[0]?.model ?? "?", cpus: os.cpus().length },
    options: { runs: o.runs, warmup: o.warmup, services: o.services, seed: o.seed, only: [...o.only] },
    dump: null,
    benchmarks: {},
    ratios: {},
  };

  // Node processes (the baseline and nfsim) run without the variables Node acts on at every start, unless --node-env
  // inherit; when this environment sets them, nfsim (nft) is also timed with them, so both figures are shown
  const inherited = startEnvSet();
  const clean = o.nodeEnv === "clean";
  results.options.nodeEnv = o.nodeEnv;
  results.environment = { startOnlyVariablesSet: inherited, removedForNode: clean ? inherited : [] };
  let tmp = null;
  try {
    // --- start-up baseline
    if (o.only.has("startup")) {
      results.benchmarks.node = await bench("node -e 0 (start-up baseline)", process.execPath, ["-e", "0"], null, o, clean);
      if (clean && inherited.length) {
        results.benchmarks.nodeInherited = await bench(`node -e 0 (with ${inherited.join(", ")} as inherited)`, process.execPath, ["-e", "0"], null, o);
      }
    }

    if (o.only.has("restore")) {
      let dump = o.dump;
      if (!dump) {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nfsim-bench-"));
        if (!o.keep) created.dirs.add(tmp);
        dump = generateDump(o, tmp);
      } else if (!fs.existsSync(dump)) {
        fail(`--dump ${dump}: no such file`);
      }
      results.dump = describeDump(dump);
      if (o.dump) results.dump.generator = null;
      else results.dump.generator = `node bench/gen-kube-proxy.js --services ${o.services} --seed ${o.seed}`;

      // (a) nfsim
      if (!fs.existsSync(o.nfsim)) {
        results.benchmarks.nfsim = { label: "nfsim iptables-restore --test", unavailable: `${path.relative(ROOT, o.nfsim)} not found` };
      } else {
        // nfsim emulating each flavor (NFSIM_BACKEND), compared with the real tool of that flavor
        for (const flavor of ["nft", "legacy"]) {
          process.env.NFSIM_BACKEND = flavor;
          const b = await bench(`nfsim iptables-restore --test (NFSIM_BACKEND=${flavor})`, process.execPath, [o.nfsim, "iptables-restore", "--test"], dump, o, clean);
          const key = flavor === "nft" ? "nfsim" : "nfsimLegacy";
          if (b.error) results.benchmarks[key] = { label: b.label, command: b.command, unavailable: b.error };
          else results.benchmarks[key] = b;
          if (flavor === "nft" && clean && inherited.length && !b.error) {
            results.benchmarks.nfsimInherited = await bench(`nfsim iptables-restore --test (nft, with ${inherited.join(", ")} as inherited)`, process.execPath, [o.nfsim, "iptables-restore", "--test"], dump, o);
          }
        }
        delete process.env.NFSIM_BACKEND;
      }

      // (b) the real tools, each in its own fresh namespace
      const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
      for (const [key, prog] of [["nft", "iptables-nft-restore"], ["legacy", "iptables-legacy-restore"]]) {
        const label = `${prog} --test (netns)`;
        if (!isRoot) { results.benchmarks[key] = { label, skipped: "needs root" }; continue; }
        const bin = whichSbin(prog);
        if (!bin) { results.benchmarks[key] = { label, skipped: `${prog} not installed` }; continue; }
        let ns = null;
        try {
          try { ns = netnsAdd(); } catch (e) { results.benchmarks[key] = { label, skipped: `needs root (${e.message})` }; continue; }
          if (!results.benchmarks.netnsExec) {
            results.benchmarks.netnsExec = await bench("ip netns exec NS true (netns entry overhead)", "ip", ["netns", "exec", ns, "true"], null, o);
          }
          const b = await bench(label, "ip", ["netns", "exec", ns, bin, "--test"], dump, o);
          b.version = toolVersion(bin);
          b.namespace = ns;
          results.benchmarks[key] = b;
        } finally {
          if (ns) netnsDel(ns);
        }
      }

      for (const key of ["nft", "legacy"]) {
        const nf = results.benchmarks[key === "nft" ? "nfsim" : "nfsimLegacy"];
        const real = results.benchmarks[key];
        if (nf && nf.median !== undefined && real && real.median !== undefined) {
          results.ratios[`nfsim/${key}`] = { median: nf.median / real.median, min: nf.min / real.min };
        }
      }
      const nfi = results.benchmarks.nfsimInherited, nftReal = results.benchmarks.nft;
      if (nfi && nfi.median !== undefined && nftReal && nftReal.median !== undefined) {
        results.ratios["nfsim/nft (inherited environment)"] = { median: nfi.median / nftReal.median, min: nfi.min / nftReal.min };
      }
    }
  } finally {
    cleanupSync();
  }

  if (o.jsonFile) fs.writeFileSync(o.jsonFile, JSON.stringify(results, null, 2) + "\n");
  if (toStdoutJson) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  else printTable(results, o);
  if (o.keep && tmp) process.stderr.write(`kept ${tmp}\n`);
}

function printTable(r, o) {
  const out = [];
  out.push("");
  if (r.dump) {
    out.push(`dump: ${r.dump.generator ?? r.dump.file} — ${r.dump.lines} lines, ${(r.dump.bytes / 1e6).toFixed(1)} MB, sha256 ${r.dump.sha256.slice(0, 16)}…`);
  }
  out.push(`host: ${r.host.cpu} ×${r.host.cpus}, ${r.host.platform}, node ${r.host.node}; ${o.runs} timed run(s) each after ${o.warmup} warm-up`);
  out.push("");
  const rows = [["benchmark", "median ms", "min ms", "nfsim/real (medians)"]];
  const num = (x) => (x === undefined ? "" : x.toFixed(1));
  const add = (b, ratio = "") => {
    if (!b) return;
    if (b.unavailable) rows.push([`nfsim: unavailable (${b.unavailable})`, "", "", ""]);
    else if (b.skipped) rows.push([`${b.label}: skipped (${b.skipped})`, "", "", ""]);
    else if (b.error) rows.push([`${b.label}: failed (${b.error})`, "", "", ""]);
    else rows.push([b.label, num(b.median), num(b.min), ratio]);
  };
  const ratio = (k) => (r.ratios[`nfsim/${k}`] ? `${r.ratios[`nfsim/${k}`].median.toFixed(2)}×` : "");
  add(r.benchmarks.node);
  add(r.benchmarks.nodeInherited);
  add(r.benchmarks.netnsExec);
  add(r.benchmarks.nft);
  add(r.benchmarks.nfsim, ratio("nft"));
  add(r.benchmarks.nfsimInherited, ratio("nft (inherited environment)"));
  add(r.benchmarks.legacy);
  add(r.benchmarks.nfsimLegacy, ratio("legacy"));
  const w = rows[0].map((_, i) => Math.max(...rows.filter((row) => row[1] !== "" || row === rows[0]).map((row) => row[i].length)));
  for (const row of rows) {
    if (row[1] === "" && row !== rows[0]) { out.push(row[0]); continue; }
    out.push([row[0].padEnd(w[0]), row[1].padStart(w[1]), row[2].padStart(w[2]), row[3].padStart(w[3])].join("   ").trimEnd());
  }
  out.push("");
  out.push("Times are wall-clock per process (spawn to exit), stdin from the dump file. Real tools include");
  out.push("`ip netns exec` entry (see its row); nfsim includes Node start-up (see `node -e 0`).");
  const removed = r.environment?.removedForNode ?? [];
  if (removed.length) {
    out.push(`Node rows run without ${removed.join(", ")}, which this environment sets: Node reads and parses that`);
    out.push("certificate file at every start, before any code runs, and nfsim makes no TLS connection. The rows");
    out.push("marked \"as inherited\" keep it (--node-env inherit: all rows keep it).");
  }
  process.stdout.write(out.join("\n") + "\n");
}

main().catch((e) => {
  cleanupSync();
  process.stderr.write(`bench: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
