// Parse one "-A CHAIN ..." argument vector into rules and render them back as iptables-save lines.
import { XtError } from '../diag/errors.js';
import type { Family, Flavor } from '../model/ruleset.js';
import { parseCommand } from '../syntax/command.js';
import { ruleLine } from '../render/save.js';

/** Words of an iptables command (without the program name) → the save lines it produces, or the XtError it raises. */
export function saveLinesFor(words: string[], family: Family, flavor: Flavor, table = 'filter'): string {
  const cmd = parseCommand(words, { family, flavor, restore: false, table });
  return cmd.rules.map((r) => ruleLine(cmd.chain ?? '', r, family, flavor, false)).join('');
}

export { XtError };
