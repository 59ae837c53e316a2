-- Lab stand-in written for jitsi-deploy (not Jitsi's code): `authentication = "jitsi-anonymous"`, the
-- quick install's default: SASL ANONYMOUS for everyone. It also records the session request's query
-- (mod_jitsi_session) as Jitsi's module does.
local new_sasl = require "util.sasl".new;

module:depends("jitsi_session");

local provider = {};
function provider.test_password() return nil, "Password based auth not supported"; end
function provider.get_password() return nil; end
function provider.set_password() return nil, "Set password not supported"; end
function provider.user_exists() return nil; end
function provider.create_user() return nil; end
function provider.delete_user() return nil; end
function provider.users() return next, {}, nil; end
function provider.get_sasl_handler(_)
	return new_sasl(module.host, { anonymous = function() return true; end });
end

module:provides("auth", provider);
