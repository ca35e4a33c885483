// -m owner (libxt_owner.c, revision 1 = struct xt_owner_match_info): [!] --uid-owner, [!] --gid-owner (id, range
// "a-b"/"a:b", or a name), [!] --socket-exists, --suppl-groups. Names resolve against an embedded table:
// known are Debian base-passwd's static users and groups; any other name fails like an unknown user on the real tool.
import { paramProblem } from '../../diag/errors.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';
import type { MatchResult, PacketEnv } from '../types.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { isLocallyGenerated } from '../match-semantics.js';

const F = { UID: 1, GID: 2, SOCKET: 4, SUPPL_GROUPS: 8 } as const;
/** Debian base-passwd 3.6 static users (the emulated host's /etc/passwd; the host's own file is never read). */
const USERS: ReadonlyMap<string, number> = new Map([
  ['root', 0], ['daemon', 1], ['bin', 2], ['sys', 3], ['sync', 4], ['games', 5], ['man', 6], ['lp', 7], ['mail', 8],
  ['news', 9], ['uucp', 10], ['proxy', 13], ['www-data', 33], ['backup', 34], ['list', 38], ['irc', 39], ['_apt', 42],
  ['nobody', 65534],
]);
/** Debian base-passwd 3.6 static groups. */
const GROUPS: ReadonlyMap<string, number> = new Map([
  ['root', 0], ['daemon', 1], ['bin', 2], ['sys', 3], ['adm', 4], ['tty', 5], ['disk', 6], ['lp', 7], ['mail', 8],
  ['news', 9], ['uucp', 10], ['man', 12], ['proxy', 13], ['kmem', 15], ['dialout', 20], ['fax', 21], ['voice', 22],
  ['cdrom', 24], ['floppy', 25], ['tape', 26], ['sudo', 27], ['audio', 29], ['dip', 30], ['www-data', 33],
  ['backup', 34], ['operator', 37], ['list', 38], ['irc', 39], ['src', 40], ['shadow', 42], ['utmp', 43],
  ['video', 44], ['sasl', 45], ['plugdev', 46], ['staff', 50], ['games', 60], ['users', 100], ['nogroup', 65534],
]);

interface OwnerData {
  uidMin: number;
  uidMax: number;
  gidMin: number;
  gidMax: number;
  match: number;
  invert: number;
}

const badValue = (opt: string, arg: string) => paramProblem(`owner: Bad value for "${opt}" option: "${arg}"`);

/** owner_parse_range(): "n", "n-m" or "n:m", each 0..UINT32_MAX-1 */
function parseRange(s: string, opt: string): [number, number] {
  const max = 0xfffffffen;
  const a = xtStrtoulPrefix(s, 0n, max);
  if (a === undefined) throw badValue(opt, s);
  let to = a.value;
  let end = a.end;
  if (s[end] === '-' || s[end] === ':') {
    const b = xtStrtoulPrefix(s, 0n, max, 0, end + 1);
    if (b === undefined) throw badValue(opt, s);
    to = b.value;
    end = b.end;
  }
  if (end !== s.length) throw badValue(opt, s);
  return [Number(a.value), Number(to)];
}

function item(o: OwnerData, label: string, flag: number, numeric: boolean): string {
  if (!(o.match & flag)) return '';
  let out = `${o.invert & flag ? ' !' : ''} ${label}`;
  const idText = (min: number, max: number, names: ReadonlyMap<string, number>) => {
    if (min !== max) return ` ${min}-${max}`;
    if (!numeric) {
      const n = [...names].find(([, v]) => v === min)?.[0];
      if (n !== undefined) return ` ${n}`;
    }
    return ` ${min}`;
  };
  if (flag === F.UID) out += idText(o.uidMin, o.uidMax, USERS);
  else if (flag === F.GID) out += idText(o.gidMin, o.gidMax, GROUPS);
  return out;
}

// ---------- packet semantics: owner_mt() of xt_owner.c ----------

/**
 * Without a local socket (forwarded and received packets) the match holds only when every option given is
 * inverted; with one, "! --socket-exists" fails, then the uid range and the gid range (fsuid/fsgid, supplementary
 * groups when asked) each with their inversion. undefined: matches; an object: the packet does not say.
 */
function ownerWhy(o: OwnerData, env: PacketEnv): string | undefined | { undecided: string } {
  const p = env.pkt;
  if (!isLocallyGenerated(env)) {
    return ((o.match ^ o.invert) & 0xf) === 0 ? undefined : 'no local socket (not a locally generated packet)';
  }
  if (o.match & o.invert & F.SOCKET) return 'the packet has a local socket (! --socket-exists)';
  if (o.match & F.UID) {
    if (p.uid === undefined) return { undecided: 'owner --uid-owner: the socket\'s uid is not given' };
    const hit = p.uid >= o.uidMin && p.uid <= o.uidMax;
    if (hit === !!(o.invert & F.UID)) return `uid ${p.uid} ${hit ? 'in' : 'not in'} ${o.uidMin}${o.uidMax !== o.uidMin ? `-${o.uidMax}` : ''}${hit ? ' (inverted)' : ''}`;
  }
  if (o.match & F.GID) {
    if (p.gid === undefined) return { undecided: 'owner --gid-owner: the socket\'s gid is not given' };
    const hit = p.gid >= o.gidMin && p.gid <= o.gidMax;
    if (!hit && o.match & F.SUPPL_GROUPS) return { undecided: 'owner --suppl-groups: supplementary groups are not modelled' };
    if (hit === !!(o.invert & F.GID)) return `gid ${p.gid} ${hit ? 'in' : 'not in'} ${o.gidMin}${o.gidMax !== o.gidMin ? `-${o.gidMax}` : ''}${hit ? ' (inverted)' : ''}`;
  }
  return undefined;
}

function ownerMatch(inst: ExtInstance, env: PacketEnv): MatchResult {
  const w = ownerWhy(inst.data as unknown as OwnerData, env);
  if (w === undefined) return true;
  if (typeof w === 'object') return env.undecided(w.undecided);
  return false;
}

const owner: ExtensionDef = {
  kind: 'match',
  name: 'owner',
  revision: 1,
  options: [
    { name: 'uid-owner', type: 'string', invert: true },
    { name: 'gid-owner', type: 'string', invert: true },
    { name: 'socket-exists', type: 'none', invert: true },
    { name: 'suppl-groups', type: 'none' },
  ],
  // xt_owner: LOCAL_OUT, POST_ROUTING
  hooks: ['OUTPUT', 'POSTROUTING'],
  init(data) {
    const o: OwnerData = { uidMin: 0, uidMax: 0, gidMin: 0, gidMax: 0, match: 0, invert: 0 };
    Object.assign(data, o);
  },
  parse(cb) {
    const o = cb.data as unknown as OwnerData;
    const arg = cb.arg ?? '';
    switch (cb.opt.name) {
      case 'uid-owner': {
        const n = USERS.get(arg);
        [o.uidMin, o.uidMax] = n !== undefined ? [n, n] : parseRange(arg, '--uid-owner');
        if (cb.invert) o.invert |= F.UID;
        o.match |= F.UID;
        break;
      }
      case 'gid-owner': {
        const n = GROUPS.get(arg);
        [o.gidMin, o.gidMax] = n !== undefined ? [n, n] : parseRange(arg, '--gid-owner');
        if (cb.invert) o.invert |= F.GID;
        o.match |= F.GID;
        break;
      }
      case 'socket-exists':
        if (cb.invert) o.invert |= F.SOCKET;
        o.match |= F.SOCKET;
        break;
      case 'suppl-groups':
        if (!(o.match & F.GID)) throw badValue('--suppl-groups', 'you need to use --gid-owner first');
        o.match |= F.SUPPL_GROUPS;
        break;
    }
  },
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem('owner: At least one of --uid-owner, --gid-owner or --socket-exists is required');
  },
  save(inst) {
    const o = inst.data as unknown as OwnerData;
    return item(o, '--socket-exists', F.SOCKET, true) + item(o, '--uid-owner', F.UID, true)
      + item(o, '--gid-owner', F.GID, true) + item(o, '--suppl-groups', F.SUPPL_GROUPS, true);
  },
  print(inst, ctx) {
    const o = inst.data as unknown as OwnerData;
    return item(o, 'owner socket exists', F.SOCKET, ctx.numeric) + item(o, 'owner UID match', F.UID, ctx.numeric)
      + item(o, 'owner GID match', F.GID, ctx.numeric) + item(o, 'incl. suppl. groups', F.SUPPL_GROUPS, ctx.numeric);
  },
  // owner_check(): reversed ranges → EINVAL
  kernelRefuses(inst) {
    const o = inst.data as unknown as OwnerData;
    return (o.match & F.UID && o.uidMin > o.uidMax) || (o.match & F.GID && o.gidMin > o.gidMax) ? true : false;
  },
  match: ownerMatch,
  whyNot(inst, env) {
    const w = ownerWhy(inst.data as unknown as OwnerData, env);
    return typeof w === 'string' ? w : 'owner';
  },
};

export default owner;
