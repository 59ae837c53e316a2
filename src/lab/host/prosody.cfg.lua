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
-- the servers of /etc/resolv.conf instead of recursing from the root servers, which know no lab names and are not
-- on loopback. It still never reads /etc/hosts.
unbound = { resolvconf = true }

Include "conf.d/*.cfg.lua"
