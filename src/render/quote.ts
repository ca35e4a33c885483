// String helpers shared by extensions' save/print functions (libxtables xtables_save_string and friends).

const NO_QUOTE = /^[_\-0-9a-zA-Z]+$/;

/** xtables_save_string(): " word" or " \"quoted \\\"escaped\\\"\"" (only " \ ' are escaped). */
export function saveString(value: string): string {
  if (NO_QUOTE.test(value)) return ' ' + value;
  return ' "' + value.replace(/["\\']/g, (c) => '\\' + c) + '"';
}

/** printf("%s", ...) of a C string: everything after a NUL is dropped. */
export function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i >= 0 ? s.slice(0, i) : s;
}
