// The texts libiptc's iptc_strerror() and iptables-nft's nft_strerror() give a failed table operation.
import { CMD } from '../syntax/command.js';
import type { ParsedCommand } from '../syntax/command.js';
import type { OpError } from './table-ops.js';

/** iptc_strerror()/nft_strerror() texts by operation and errno. */
export function opMessage(cmd: ParsedCommand, e: OpError, nft: boolean, absentChain = false): { text: string; errno: string } {
  if (nft && absentChain) {
    // a base chain that does not exist in the kernel yet: positional look-ups fail as ENOENT
    if (e.errno === 'E2BIG' && (cmd.command === CMD.DELETE_NUM || cmd.command === CMD.REPLACE)) return { text: 'No chain/target/match by that name', errno: 'ENOENT' };
    if (e.errno === 'E2BIG' && cmd.command === CMD.ZERO_NUM) return { text: 'Bad rule (does a matching rule exist in that chain?)', errno: 'ENOENT' };
  }
  // -P on anything but a built-in chain (existing or not)
  if (cmd.command === CMD.SET_POLICY && (e.errno === 'ENOENT' || (e.errno === 'EINVAL' && (cmd.policy === 'ACCEPT' || cmd.policy === 'DROP')))) {
    return { text: 'Bad built-in chain name', errno: 'ENOENT' };
  }
  switch (e.errno) {
    case 'EBADRULE': return { text: 'Bad rule (does a matching rule exist in that chain?)', errno: 'ENOENT' };
    case 'E2BIG':
      if (cmd.command === CMD.INSERT) return { text: 'Index of insertion too big', errno: 'E2BIG' };
      if (cmd.command === CMD.REPLACE) return { text: 'Index of replacement too big', errno: 'E2BIG' };
      if (cmd.command === CMD.DELETE_NUM) return { text: 'Index of deletion too big', errno: 'E2BIG' };
      return { text: 'Index of counter too big', errno: 'E2BIG' };
    case 'EEXIST': return { text: cmd.command === CMD.RENAME_CHAIN ? 'File exists' : 'Chain already exists', errno: 'EEXIST' };
    case 'ENOTEMPTY': return { text: 'Directory not empty', errno: 'ENOTEMPTY' };
    case 'EMLINK': return { text: 'Too many links', errno: 'EMLINK' };
    case 'EPERM':
      if (cmd.command === CMD.RENAME_CHAIN) return { text: 'No chain/target/match by that name', errno: 'ENOENT' };
      return { text: 'Invalid argument', errno: 'EINVAL' };
    case 'EINVAL':
      if (cmd.command === CMD.SET_POLICY) {
        return cmd.policy === 'ACCEPT' || cmd.policy === 'DROP'
          ? { text: 'Bad built-in chain name', errno: 'ENOENT' }
          : { text: 'Bad policy name', errno: 'EINVAL' };
      }
      return { text: 'Invalid argument', errno: 'EINVAL' };
    default: return { text: 'No chain/target/match by that name', errno: 'ENOENT' };
  }
}

