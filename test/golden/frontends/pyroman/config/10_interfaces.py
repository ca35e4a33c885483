"""
Interface groups (nfsim golden): eth0 = internet, eth1 = LAN.
"""
add_interface("any", "*")
add_interface("ext", "eth0")
add_interface("int", "eth1")
