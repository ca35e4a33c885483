"""
Per-source ssh rate limiting (from pyroman's example1, interface adjusted).
"""
iptables("INPUT", "-i eth0 -p tcp --dport 22 -m state --state NEW \
        -m recent --set --name SSH")
iptables("INPUT", "-i eth0 -p tcp --dport 22 -m state --state NEW \
        -m recent --update --seconds 60 --hitcount 5 --rttl --name SSH -j DROP")
