// ipset restore files and save output split into lines of words with spans (grammar/ipset.peggy).
import { parse } from './generated/ipset.js';

export interface IpsetWord {
  t: string;
  s: number;
  e: number;
}
export interface IpsetLine {
  s: number;
  e: number;
  words: IpsetWord[];
}

/** Every line of the text (the empty line after a final newline dropped), as ipset restore reads them. */
export function parseIpsetLines(text: string): IpsetLine[] {
  const lines = parse(text) as IpsetLine[];
  if (text.endsWith('\n') && lines.length && lines[lines.length - 1].words.length === 0) lines.pop();
  return lines;
}
