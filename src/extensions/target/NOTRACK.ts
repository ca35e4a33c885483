// -j NOTRACK (libxt_CT.c: the NOTRACK alias, revision 2, real name CT): the kernel gets CT with
// XT_CT_NOTRACK | XT_CT_NOTRACK_ALIAS; iptables-save prints `-j NOTRACK` and nothing else. No options.
import type { ExtensionDef } from '../types.js';
import { CTF, ctApply, ctInit, ctKernelRefuses } from './CT.js';

const NOTRACK: ExtensionDef = {
  kind: 'target',
  name: 'NOTRACK',
  revision: 2,
  options: [],
  tables: ['raw'],
  init: (data) => ctInit(data, CTF.NOTRACK | CTF.NOTRACK_ALIAS),
  kernelRefuses: (inst, where) => ctKernelRefuses(inst, where),
  save: () => '',
  print: () => ' NOTRACK',
  apply: ctApply,
};

export default NOTRACK;
