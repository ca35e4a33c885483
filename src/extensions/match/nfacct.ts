// -m nfacct (libxt_nfacct.c revision 1, x6 parser): --nfacct-name of an extended accounting object.
// The kernel looks the object up when the rule is added (ENOENT if missing). nfsim models no nfnetlink_acct
// objects unless a front end registers them with registerNfacct().
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { saveString } from '../../render/quote.js';
import type { ExtensionDef } from '../types.js';

/** NFACCT_NAME_MAX */
const NAME_MAX = 32;

const objects = new Set<string>();
/** Replaces the known accounting objects (what `nfacct add NAME` created). */
export function configureNfacct(names: Iterable<string>): void {
  objects.clear();
  for (const n of names) objects.add(n);
}
export function registerNfacct(name: string): void {
  objects.add(name);
}
export function unregisterNfacct(name: string): void {
  objects.delete(name);
}

const name = (inst: ExtInstance) => String(inst.data.name ?? '');

const nfacct: ExtensionDef = {
  kind: 'match',
  name: 'nfacct',
  revision: 1,
  options: [{ name: 'nfacct-name', type: 'string', min: 1, mand: true }],
  parse(cb) {
    const arg = cb.arg ?? '';
    if (arg.includes('\n')) throw paramProblem('Newlines not allowed in --nfacct-name');
    // XTOPT_PUT into char name[NFACCT_NAME_MAX]
    cb.data.name = Buffer.from(arg, 'utf8').subarray(0, NAME_MAX - 1).toString('latin1');
  },
  // printf(" %snfacct-name ", ...) then xtables_save_string(), which adds its own leading space
  save(inst) {
    return ' --nfacct-name ' + saveString(name(inst));
  },
  print(inst) {
    return ' nfacct-name ' + saveString(name(inst));
  },
  // nfacct_mt_checkentry(): "accounting object `%s' does not exist" → ENOENT
  kernelRefuses(inst) {
    return objects.has(name(inst)) ? false : 'ENOENT';
  },
  match(_inst, env) {
    return env.undecided('nfacct: the nfacct object and its quota are not modelled');
  },
};

export default nfacct;
