// nfsim iptables / ip6tables (and the -nft/-legacy names): one command on the persisted state, with the xtables
// lock, exactly the real tool's output, errors and exit code.
import { XtError, formatXtError } from '../diag/errors.js';
import { runCommand } from '../ops/command.js';
import { programInfo } from '../ops/restore.js';
import { extensionHelp, iptablesHelp } from '../render/help.js';
import { listTable } from '../render/list.js';
import { CMD, parseCommand } from '../syntax/command.js';
import type { ParsedCommand } from '../syntax/command.js';
import type { ToolContext } from './tables-cmds.js';
import { StateStore } from './state.js';
import { fastAppend } from './journal.js';
import { warnLegacyTables } from './tables-cmds.js';
import { configureIpsetsFromStore } from './ipset-registry.js';

export function runIptables(argv: string[], t: ToolContext): number {
  const { io, family, flavor } = t;
  const prog = programInfo(family, flavor, '');
  // -m set / -j SET look their sets up in the emulated ipset state (libxt_set asks the kernel)
  configureIpsetsFromStore(t.store);
  // do_parse() runs before the lock is taken: its errors never wait
  let cmd: ParsedCommand;
  try {
    cmd = parseCommand(argv, { family, flavor, restore: false });
  } catch (e) {
    if (e instanceof XtError) {
      io.stderr(formatXtError(e, prog));
      return e.status;
    }
    throw e;
  }
  if (cmd.help) {
    let text = iptablesHelp(prog.name, prog.version, family);
    const sections = [
      ...(cmd.help.target !== undefined ? [extensionHelp(family, 'j', cmd.help.target)] : []),
      ...cmd.help.matches.map((m) => extensionHelp(family, 'm', m)),
    ];
    if (sections.some((x) => x === undefined)) {
      io.stderr(formatXtError(new XtError('other', 'unsupported: this extension help text is not captured'), prog));
      return 1;
    }
    text += sections.join('');
    io.stderr(cmd.warnings.join(''));
    io.stdout(text);
    return 0;
  }
  if (cmd.version) {
    io.stdout(`${prog.name} v${prog.version}\n`);
    return 0;
  }
  // legacy serialises on the xtables lock (1.8.9 waits for it unless -w N gives a limit); nft needs no lock, but
  // nfsim still serialises its state file so that no update is lost
  const lock = t.store.lock(flavor === 'legacy' ? cmd.wait : undefined);
  if (!lock) {
    const lockName = io.env.XTABLES_LOCKFILE || '/run/xtables.lock';
    io.stderr(`Can't lock ${lockName}: Resource temporarily unavailable\n`);
    io.stderr(`Another app is currently holding the xtables lock. Stopped waiting after ${cmd.wait}s.\n`);
    return 4;
  }
  try {
    // -A on a file store: validate against the index's skeleton and journal the rule (src/cli/journal.ts)
    if (cmd.command === CMD.APPEND && t.store instanceof StateStore && cmd.chain !== undefined) {
      let out = { stdout: '', stderr: '' };
      const fast = fastAppend(t.store.files(flavor, family), family, flavor, cmd.table, cmd.chain, (rs, validate) => {
        const r = runCommand(argv, rs, { family, flavor, list: listTable, validate, owned: true });
        out = r;
        return r;
      });
      if (fast) {
        io.stdout(out.stdout);
        io.stderr(out.stderr);
        return fast.status;
      }
    }
    const before = t.store.load(flavor, family);
    const r = runCommand(argv, before, { family, flavor, list: listTable });
    io.stdout(r.stdout);
    io.stderr(r.stderr);
    if (r.ruleset !== before) t.store.store(flavor, family, r.ruleset);
    if (cmd.command & (CMD.LIST | CMD.LIST_RULES)) warnLegacyTables(t, false);
    return r.status;
  } finally {
    lock.release();
  }
}
