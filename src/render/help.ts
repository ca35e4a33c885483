// `iptables -h` / `ip6tables -h` (xshared.c xtables_printhelp): the base text, then print_extension_helps() — the
// used target's section, then one per loaded match in order. The sections are the real tool's own texts, captured
// by test/golden/help/capture-ext-help.sh into help-data.json.
import type { Family } from '../model/ruleset.js';
import HELP from './help-data.json' with { type: 'json' };

const SECTIONS = HELP as Record<Family, Record<string, string>>;

/** The help section of an extension ("\n…"), or undefined when nfsim has none captured for it. */
export function extensionHelp(family: Family, kind: 'm' | 'j', name: string): string | undefined {
  if (kind === 'j' && ['ACCEPT', 'DROP', 'RETURN', 'QUEUE', ''].includes(name)) return '\nstandard match options:\n(If target is DROP, ACCEPT, RETURN or nothing)\n';
  return SECTIONS[family][`${kind}:${name}`];
}

export function iptablesHelp(prog: string, version: string, family: Family): string {
  const p = prog;
  const v4 = family === 'ipv4';
  return `${p} v${version}

Usage: ${p} -[ACD] chain rule-specification [options]
       ${p} -I chain [rulenum] rule-specification [options]
       ${p} -R chain rulenum rule-specification [options]
       ${p} -D chain rulenum [options]
       ${p} -[LS] [chain [rulenum]] [options]
       ${p} -[FZ] [chain] [options]
       ${p} -[NX] chain
       ${p} -E old-chain-name new-chain-name
       ${p} -P chain target [options]
       ${p} -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain\t\tAppend to chain
  --check   -C chain\t\tCheck for the existence of a rule
  --delete  -D chain\t\tDelete matching rule from chain
  --delete  -D chain rulenum
\t\t\t\tDelete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
\t\t\t\tInsert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
\t\t\t\tReplace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
\t\t\t\tList the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
\t\t\t\tPrint the rules in a chain or all chains
  --flush   -F [chain]\t\tDelete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
\t\t\t\tZero counters in chain or all chains
  --new     -N chain\t\tCreate a new user-defined chain
  --delete-chain
            -X [chain]\t\tDelete a user-defined chain
  --policy  -P chain target
\t\t\t\tChange policy on chain to target
  --rename-chain
            -E old-chain new-chain
\t\t\t\tChange chain name, (moving any references)

Options:
    --ipv4\t-4\t\t${v4 ? 'Nothing' : 'Error'} (line is ignored by ip6tables-restore)
    --ipv6\t-6\t\t${v4 ? 'Error' : 'Nothing'} (line is ignored by iptables-restore)
[!] --protocol\t-p proto\tprotocol: by number or name, eg. \`tcp'
[!] --source\t-s address[/mask][...]
\t\t\t\tsource specification
[!] --destination -d address[/mask][...]
\t\t\t\tdestination specification
[!] --in-interface -i input name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
 --jump\t-j target
\t\t\t\ttarget for rule (may load target extension)
  --goto      -g chain
\t\t\t       jump to chain with no return
  --match\t-m match
\t\t\t\textended match (may load extension)
  --numeric\t-n\t\tnumeric output of addresses and ports
[!] --out-interface -o output name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
  --table\t-t table\ttable to manipulate (default: \`filter')
  --verbose\t-v\t\tverbose mode
  --wait\t-w [seconds]\tmaximum wait to acquire xtables lock before give up
  --line-numbers\t\tprint line numbers when listing
  --exact\t-x\t\texpand numbers (display exact values)
${v4 ? '[!] --fragment\t-f\t\tmatch second or further fragments only\n' : ''}  --modprobe=<command>\t\ttry to insert modules using this command
  --set-counters -c PKTS BYTES\tset the counter during insert/append
[!] --version\t-V\t\tprint package version.
`;
}
