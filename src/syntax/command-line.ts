// Shell-style command lines (scripts, conformance .cmds files) split into words by grammar/command-line.peggy.
import { parse } from './generated/command-line.js';

export interface ScriptWord {
  t: string;
  s: number;
  e: number;
}

export interface ScriptLine {
  /** offset of the line start */
  s: number;
  words: ScriptWord[];
}

export function parseScript(text: string): ScriptLine[] {
  return parse(text) as ScriptLine[];
}
