#!/bin/sh
# A typical host firewall script (what admins keep in /etc/network/if-pre-up.d or rc.local).
# Run it against nfsim without root:  nfsim shims /tmp/nfsim-bin && PATH=/tmp/nfsim-bin:$PATH sh firewall.sh
set -e
iptables -F
iptables -X
iptables -t nat -F
iptables -P INPUT DROP
iptables -P FORWARD DROP
iptables -P OUTPUT ACCEPT
iptables -A INPUT -i lo -j ACCEPT
iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
iptables -A INPUT -p icmp --icmp-type echo-request -m limit --limit 10/s -j ACCEPT
iptables -N SSH
iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -j SSH
iptables -A SSH -m recent --name ssh --set
iptables -A SSH -m recent --name ssh --update --seconds 60 --hitcount 5 -j LOG --log-prefix "ssh brute force: "
iptables -A SSH -m recent --name ssh --update --seconds 60 --hitcount 5 -j DROP
iptables -A SSH -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
iptables -N LOGDROP
iptables -A LOGDROP -m limit --limit 3/min --limit-burst 10 -j LOG --log-prefix "fw: " --log-level 4
iptables -A LOGDROP -j DROP
iptables -A INPUT -j LOGDROP
iptables -A FORWARD -i eth1 -o eth0 -s 10.0.0.0/24 -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o eth0 -j MASQUERADE
iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 2222 -j DNAT --to-destination 10.0.0.5:22
iptables -A FORWARD -i eth0 -o eth1 -p tcp -d 10.0.0.5 --dport 22 -j ACCEPT
