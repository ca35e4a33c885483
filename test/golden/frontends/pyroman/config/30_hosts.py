"""
Hosts and networks (nfsim golden).
"""
add_host(
	name="INT",
	ip="198.51.100.0/24 2001:db8:2::/64",
	iface="int"
)
add_host(
	name="fwE",
	hostname=Firewall.hostname,
	ip="203.0.113.2 2001:db8:1::2",
	iface="ext"
)
add_host(
	name="fwI",
	hostname=Firewall.hostname,
	ip="198.51.100.1 2001:db8:2::1",
	iface="int"
)
add_host(
	name="web",
	ip="198.51.100.10 2001:db8:2::10",
	iface="int"
)
add_host(
	name="EXT",
	ip="0.0.0.0/0 ::/0",
	iface="ext"
)
# IPv4-only aliases for NAT: pyroman 0.6.2's add_nat() emits every address of
# the host into the IPv4 nat table (ip6 addresses break iptables-restore)
add_host(
	name="INT4",
	ip="198.51.100.0/24",
	iface="int"
)
add_host(
	name="web4",
	ip="198.51.100.10",
	iface="int"
)
add_host(
	name="EXT4",
	ip="0.0.0.0/0",
	iface="ext"
)
