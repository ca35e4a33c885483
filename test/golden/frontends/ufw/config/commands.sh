# ufw commands run (in netns fe-ufw, with /etc/netns/fe-ufw/{ufw,default} overlaying /etc/ufw and /etc/default)
ufw default deny incoming
ufw default allow outgoing
ufw default deny routed
ufw limit 22/tcp comment 'ssh rate limit'
ufw allow 80/tcp
ufw allow 443/tcp
ufw allow proto udp from 198.51.100.0/24 to any port 53
ufw allow in on eth1 from 198.51.100.0/24 to any port 3306 proto tcp
ufw deny from 203.0.113.66
ufw reject out 25/tcp
ufw allow from 2001:db8:2::/64 to any port 9100 proto tcp
ufw route allow in on eth1 out on eth0
ufw route allow in on eth0 out on eth1 to 198.51.100.10 port 80 proto tcp
ufw logging medium
ufw --force enable
