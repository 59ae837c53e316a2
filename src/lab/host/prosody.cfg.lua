-- Prosody global configuration of jitsi-deploy lab host lab@K@ (shaped like Debian's default file).
-- This host's Prosody listens only on @ADDRESS@; the options that say so must stay in this global section.

admins = { }

modules_enabled = {
	"roster";
	"saslauth";
	"tls";
	"disco";
	"private";
	"vcard_legacy";
	"version";
	"uptime";
	"time";
	"ping";
	"posix";
}
modules_disabled = { "s2s" }

interfaces = { "@ADDRESS@" }
http_interfaces = { "@ADDRESS@" }
https_interfaces = { "@ADDRESS@" }
http_ports = { 5280 }
https_ports = { }

pidfile = "/run/prosody/prosody.pid"
allow_registration = false
c2s_require_encryption = true
s2s_require_encryption = true
authentication = "internal_hashed"
storage = "internal"
archive_expires_after = "1w"

log = {
	info = "/var/log/prosody/prosody.log";
	error = "/var/log/prosody/prosody.err";
}

certificates = "certs"

-- The lab's name server plays the public DNS (docs/lab.md, "DNS"): Prosody's resolver library (lua-unbound) asks
-- the lab's dnsmasq (src/lab/dns.sh, 127.0.0.99, also each host's resolv.conf) and nothing else: a forwarder set
-- here and no resolv.conf, so no query can go to the machine's own name server or to the root servers, which are
-- not on loopback (with forwarders only, libunbound answers SERVFAIL rather than recurse). libunbound's defaults
-- would stop it twice: it never queries a loopback address (do-not-query-localhost) and it answers every name
-- under test. (RFC 6761) itself with NXDOMAIN; a real host's resolver is neither on loopback nor asked for test.
-- names. It still never reads /etc/hosts.
unbound = {
	resolvconf = false;
	hoststxt = false;
	forward = "127.0.0.99";
	options = { ["do-not-query-localhost"] = "no"; ["local-zone"] = "test. transparent" };
}

Include "conf.d/*.cfg.lua"
