// An operation on a table failed with an errno-like code; each tool turns it into its own message.
export type OpErrno =
  | 'ENOENT' // no such chain / rule
  | 'EEXIST' // chain exists
  | 'E2BIG' // index too big
  | 'ENOTEMPTY' // chain not empty
  | 'EMLINK' // chain still referenced
  | 'EPERM' // built-in chain cannot be deleted/renamed
  | 'EINVAL' // bad policy, policy on user chain
  | 'EBADRULE'; // rule to delete not found

export class OpError extends Error {
  constructor(readonly errno: OpErrno, readonly op: string, readonly chain?: string) {
    super(`${op}: ${errno}`);
  }
}

