"""
Policy (nfsim golden).
"""
# the firewall itself
allow(client="ANY", server="fwE fwI", service="ssh www ping")
allow(client="INT", server="fwI", service="dns ntp")
allow(client="fwE fwI", server="ANY")
# LAN web server reachable from the internet, LAN may go anywhere
allow(client="EXT", server="web", service="www")
allow(client="INT", server="EXT")
# masquerade the LAN on the way out
add_nat(client="INT4", server="EXT4", ip="203.0.113.2", dir="out")
# bidirectional 1:1 NAT for the web server
add_nat(client="EXT4", server="web4", ip="203.0.113.80")
