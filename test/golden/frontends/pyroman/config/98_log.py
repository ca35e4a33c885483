"""
Drop invalid packets, log the rest (rate limited) before the DROP policy.
"""
ipXtables("INPUT",   "-m conntrack --ctstate INVALID -j DROP")
ipXtables("INPUT",   "-m limit --limit 1/sec -j LOG --log-prefix \"I-unknown:\"")
ipXtables("FORWARD", "-m limit --limit 1/sec -j LOG --log-prefix \"F-unknown:\"")
ipXtables("OUTPUT",  "-m limit --limit 1/sec -j LOG --log-prefix \"O-unknown:\"")
