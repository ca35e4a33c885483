// -m socket (libxt_socket.c revision 3, x6 parser): --transparent, --nowildcard, --restore-skmark.
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

/** XT_SOCKET_* in save order */
const FLAGS: readonly [string, number][] = [['transparent', 1], ['nowildcard', 2], ['restore-skmark', 4]];

const text = (inst: ExtInstance) => {
  const flags = Number(inst.data.flags ?? 0);
  return FLAGS.filter(([, bit]) => flags & bit).map(([n]) => ` --${n}`).join('');
};

const socket: ExtensionDef = {
  kind: 'match',
  name: 'socket',
  revision: 3,
  options: FLAGS.map(([name]) => ({ name, type: 'none' as const })),
  init(data) {
    data.flags = 0;
  },
  parse(cb) {
    const bit = FLAGS.find(([n]) => n === cb.opt.name)![1];
    cb.data.flags = Number(cb.data.flags ?? 0) | bit;
  },
  save(inst) {
    return text(inst);
  },
  print(inst) {
    return ' socket' + text(inst);
  },
  // xt_socket: .hooks = PRE_ROUTING | LOCAL_IN
  hooks: ['PREROUTING', 'INPUT'],
  // socket_mt*(): needs the host's socket table (and --transparent needs the socket's flags), not modelled
  match(_inst, env) {
    return env.undecided('socket: the host\'s sockets are not modelled');
  },
};

export default socket;
