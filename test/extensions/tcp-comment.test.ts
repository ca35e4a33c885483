import { describe, expect, it } from 'vitest';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';

const save = (line: string, table = 'filter') => saveLinesFor(line.split(' '), 'ipv4', 'nft', table);
const err = (line: string) => {
  try {
    save(line);
  } catch (e) {
    if (e instanceof XtError) return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('tcp + comment', () => {
  it('implicit -m tcp and service names', () => {
    expect(save('-A INPUT -p tcp --dport ssh -j ACCEPT')).toBe('-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n');
    expect(save('-A INPUT -p tcp --dpor 22 --sport 1000:')).toBe('-A INPUT -p tcp -m tcp --sport 1000:65535 --dport 22\n');
    expect(save('-A INPUT -p tcp ! --syn')).toBe('-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN\n');
  });
  it('errors', () => {
    expect(err('-A INPUT -p tcp --d 22')).toBe('unknown option "--d"');
    expect(err('-A INPUT -m nosuch')).toBe("Couldn't load match `nosuch':No such file or directory\n");
    expect(err('-A INPUT --dport 22')).toBe('unknown option "--dport"');
  });
  it('comment', () => {
    expect(save('-A INPUT -m comment --comment a')).toBe('-A INPUT -m comment --comment a\n');
  });
});
