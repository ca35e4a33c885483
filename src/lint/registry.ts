// Every lint rule, by permanent code. A code is never reused: a retired rule keeps its number out of circulation.
import type { LintRule } from './types.js';
import NF1000 from './rules/NF1000-restore-rejected.js';
import NF1001 from './rules/NF1001-parse-error.js';
import NF1002 from './rules/NF1002-command-failed.js';
import NF1003 from './rules/NF1003-restore-structure.js';
import NF2001 from './rules/NF2001-undefined-jump-target.js';
import NF2002 from './rules/NF2002-unreferenced-chain.js';
import NF2003 from './rules/NF2003-chain-loop.js';
import NF2004 from './rules/NF2004-target-invalid-here.js';
import NF2005 from './rules/NF2005-port-without-protocol.js';
import NF2006 from './rules/NF2006-unreachable-rule.js';
import NF2007 from './rules/NF2007-shadowed-rule.js';
import NF2008 from './rules/NF2008-duplicate-rule.js';
import NF2009 from './rules/NF2009-return-in-builtin.js';
import NF2010 from './rules/NF2010-statistic-cascade.js';
import NF2011 from './rules/NF2011-mark-never-consumed.js';
import NF2012 from './rules/NF2012-input-drop-lockout.js';
import NF2013 from './rules/NF2013-address-family.js';
import NF2014 from './rules/NF2014-state-match.js';
import NF2015 from './rules/NF2015-undefined-set.js';
import NF2016 from './rules/NF2016-ipvs-no-real-servers.js';
import NF2017 from './rules/NF2017-ipvs-dr-port-mismatch.js';
import NF2018 from './rules/NF2018-ipvs-netmask-without-persistence.js';
import NF2019 from './rules/NF2019-set-dimension-mismatch.js';
import NF2020 from './rules/NF2020-set-family-mismatch.js';

export const RULES: readonly LintRule[] = [
  NF1000, NF1001, NF1002, NF1003, NF2001, NF2002, NF2003, NF2004, NF2005, NF2006, NF2007, NF2008, NF2009, NF2010,
  NF2011, NF2012, NF2013, NF2014, NF2015, NF2016, NF2017, NF2018, NF2019, NF2020,
];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function findRule(code: string): LintRule | undefined {
  return BY_CODE.get(code.toUpperCase());
}
