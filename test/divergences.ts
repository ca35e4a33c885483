// The ledger of known divergences from the real tools: case id + flavor → why. A listed case that starts passing
// fails its test, so the ledger can only shrink (Prettier's failed-format-tests list).
export const KNOWN_DIVERGENCES = new Map<string, string>([
  ['restore/206-verbose-twice nft', 'iptables-restore -v -v dumps nftables internals; nfsim reports it as unsupported'],
  ['restore/206-verbose-twice legacy', 'iptables-restore -v -v dumps libiptc internals; nfsim reports it as unsupported'],
]);
