#!/usr/bin/python3
# Drive fail2ban's own action machinery (ActionReader + CommandAction) without a server:
# start the actions of a few jails and ban a few IPs; every shell command fail2ban
# would run is logged to stderr and really executed (run this inside a netns!).
import sys, logging
from fail2ban.client.actionreader import ActionReader
from fail2ban.server.action import CommandAction
from fail2ban.server.actions import Actions
from fail2ban.server.ticket import BanTicket
from fail2ban.server.ipdns import IPAddr
from fail2ban.tests.dummyjail import DummyJail

orig = CommandAction.executeCmd
def logged(realCmd, timeout=60, **kw):
    sys.stderr.write("### CMD\n%s\n" % realCmd)
    return orig(realCmd, timeout, **kw)
CommandAction.executeCmd = staticmethod(logged)

JAILS = [
  # jail, action file, action options, bans
  ("sshd", "iptables-multiport", {"name": "sshd", "port": "ssh", "protocol": "tcp"}, ["203.0.113.50", "203.0.113.51", "2001:db8:1::bad"]),
  ("nginx-http-auth", "iptables-multiport-log", {"name": "nginx-http-auth", "port": "http,https", "protocol": "tcp"}, ["203.0.113.60"]),
  ("postfix", "iptables", {"name": "postfix", "port": "smtp", "protocol": "tcp", "blocktype": "DROP"}, ["198.51.100.77"]),
  ("recidive", "iptables-allports", {"name": "recidive", "protocol": "all", "blocktype": "DROP"}, ["203.0.113.99"]),
]

for jname, act, opts, ips in JAILS:
    ar = ActionReader(act, jname, opts, share_config={}, basedir="/etc/fail2ban")
    assert ar.read(), act
    ar.getOptions({})
    stream = ar.convert()
    jail = DummyJail(jname)
    jail.actions.add(act)
    a = jail.actions[act]
    for cmd in stream:
        if cmd[0] == "set" and cmd[2] == "action":
            setattr(a, cmd[4], cmd[5])
        elif cmd[0] == "multi-set" and cmd[2] == "action":
            for k, v in cmd[4]:
                setattr(a, k, v)
    a.start()
    for ip in ips:
        t = BanTicket(IPAddr(ip), 1700000000, [])
        ai = Actions.ActionInfo(t, jail)
        a.ban(ai)
