#!/bin/sh
# The iptables commands dockerd 24.x (libnetwork, iptables driver, IPv4 only,
# default userland-proxy) issues, in order, for:
#   1. daemon start with the default bridge docker0 (172.17.0.0/16)
#   2. `docker network create app` -> bridge br-5b7a1c3f9e21 (172.18.0.0/16)
#   3. `docker run -p 8080:80 nginx` on docker0 -> container 172.17.0.2
# Docker's `-C` existence checks and `-D` clean-ups of rules that do not exist
# yet are left out (they do not change the ruleset).
set -e
ipt="iptables --wait"

# --- daemon start: chain setup (setupIPChains / arrangeUserFilterRule)
$ipt -t nat -N DOCKER
$ipt -t filter -N DOCKER
$ipt -t filter -N DOCKER-ISOLATION-STAGE-1
$ipt -t filter -N DOCKER-ISOLATION-STAGE-2
$ipt -t filter -A DOCKER-ISOLATION-STAGE-1 -j RETURN
$ipt -t filter -A DOCKER-ISOLATION-STAGE-2 -j RETURN
$ipt -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
$ipt -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
# docker0
$ipt -t nat -I POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
$ipt -t nat -I DOCKER -i docker0 -j RETURN
$ipt -t filter -I FORWARD -i docker0 -o docker0 -j ACCEPT
$ipt -t filter -I FORWARD -i docker0 ! -o docker0 -j ACCEPT
$ipt -t filter -I FORWARD -o docker0 -j DOCKER
$ipt -t filter -I FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
$ipt -t filter -I DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
$ipt -t filter -I DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
$ipt -t filter -I FORWARD -j DOCKER-ISOLATION-STAGE-1
# ip_forward was enabled by dockerd -> FORWARD policy DROP
$ipt -t filter -P FORWARD DROP
# DOCKER-USER (arrangeUserFilterRule)
$ipt -t filter -N DOCKER-USER
$ipt -t filter -A DOCKER-USER -j RETURN
$ipt -t filter -I FORWARD -j DOCKER-USER

# --- docker network create app  (br-5b7a1c3f9e21, 172.18.0.0/16)
$ipt -t nat -I POSTROUTING -s 172.18.0.0/16 ! -o br-5b7a1c3f9e21 -j MASQUERADE
$ipt -t nat -I DOCKER -i br-5b7a1c3f9e21 -j RETURN
$ipt -t filter -I FORWARD -i br-5b7a1c3f9e21 -o br-5b7a1c3f9e21 -j ACCEPT
$ipt -t filter -I FORWARD -i br-5b7a1c3f9e21 ! -o br-5b7a1c3f9e21 -j ACCEPT
$ipt -t filter -I FORWARD -o br-5b7a1c3f9e21 -j DOCKER
$ipt -t filter -I FORWARD -o br-5b7a1c3f9e21 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
$ipt -t filter -I DOCKER-ISOLATION-STAGE-1 -i br-5b7a1c3f9e21 ! -o br-5b7a1c3f9e21 -j DOCKER-ISOLATION-STAGE-2
$ipt -t filter -I DOCKER-ISOLATION-STAGE-2 -o br-5b7a1c3f9e21 -j DROP
# re-arrange: ISOLATION-STAGE-1 and DOCKER-USER jumps moved back to the top
$ipt -t filter -D FORWARD -j DOCKER-ISOLATION-STAGE-1
$ipt -t filter -I FORWARD -j DOCKER-ISOLATION-STAGE-1
$ipt -t filter -D FORWARD -j DOCKER-USER
$ipt -t filter -I FORWARD -j DOCKER-USER

# --- docker run -p 8080:80 nginx  (container 172.17.0.2 on docker0)
$ipt -t filter -A DOCKER ! -i docker0 -o docker0 -p tcp -d 172.17.0.2 --dport 80 -j ACCEPT
$ipt -t nat -A POSTROUTING -p tcp -s 172.17.0.2 -d 172.17.0.2 --dport 80 -j MASQUERADE
$ipt -t nat -A DOCKER -p tcp ! -i docker0 --dport 8080 -j DNAT --to-destination 172.17.0.2:80
